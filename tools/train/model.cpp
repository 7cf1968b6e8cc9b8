// tolmach-train's architecture flags, bound to ModelFlags (models/model_flags.h).
#include "common/options.h"
#include "train/flags.h"

namespace po = boost::program_options;

namespace tolmach::train_tool {

po::options_description model_options(ModelFlags& f) {
  po::options_description d("Model");
  d.add_options()
      ("type", tool::defaulted(f.type), "architecture: rnn or transformer")
      ("task", po::value(&f.task), "transformer preset: transformer-tiny, transformer-small or transformer-base (implies --type transformer)")
      ("dim-emb", tool::defaulted(f.dim_emb), "embedding size")
      ("dim-rnn", tool::defaulted(f.dim_rnn), "LSTM state size")
      ("enc-depth", tool::defaulted(f.enc_depth), "encoder layers")
      ("dec-depth", tool::defaulted(f.dec_depth), "decoder layers")
      ("attention", tool::defaulted(f.attention),
       "score function: dot, scaled-dot, general, additive (mlp, Bahdanau), cosine, location")
      ("attention-window", tool::defaulted(f.attention_window), "Luong local-p attention half width (0: global)")
      ("tied-embeddings", po::bool_switch(&f.tied), "output layer = target embedding (rnn: needs dim-emb == dim-rnn)")
      ("tied-embeddings-all", po::bool_switch(&f.tied_all), "transformer: one table for source, target and output (joint vocabulary)")
      ("transformer-heads", tool::defaulted(f.heads), "transformer: attention heads")
      ("transformer-dim-ffn", tool::defaulted(f.dim_ffn), "transformer: feed-forward size")
      ("transformer-ffn-activation", tool::defaulted(f.ffn_activation), "transformer: relu or gelu")
      ("transformer-positions", tool::defaulted(f.positions), "transformer: sinusoidal or learned")
      ("transformer-prenorm", po::bool_switch(&f.prenorm), "transformer: layer norm before each block (default: after)")
      ("dropout", tool::defaulted(f.dropout), "dropout probability")
      ("transformer-dropout-attention", tool::defaulted(f.dropout_attention),
       "transformer: dropout on the attention weights")
      ("transformer-dropout-ffn", tool::defaulted(f.dropout_ffn),
       "transformer: dropout on the feed-forward hidden activations")
      ("transformer-guided-alignment-layer", po::value<int>()->notifier([&f](int l) { f.alignment_layer = l; }),
       "transformer: decoder layer (1-based) whose attention is guided and aligns (default: last)");
  return d;
}

}  // namespace tolmach::train_tool
