// tolmach-train: train an NMT model from parallel text. Flags follow Marian where the meaning
// is the same. Thin: options in, lib/train (run_train_command) does the work.
#include <boost/program_options.hpp>

#include <iostream>
#include <string>
#include <vector>

#include "io/error.h"
#include "io/tool_main.h"
#include "parse_options.h"
#include "models/transformer/config.h"
#include "train/train_command.h"

namespace po = boost::program_options;
using namespace tolmach;

namespace {

// "5000" or "5000u" updates; with allow_epochs also "10e" (returned as negative epochs).
int64_t parse_count(const std::string& value, const char* option, bool allow_epochs) {
  size_t used = 0;
  long long n = -1;
  try {
    n = std::stoll(value, &used);
  } catch (const std::exception&) {
  }
  const std::string unit = n >= 0 ? value.substr(used) : "";
  if (n < 0 || !(unit.empty() || unit == "u" || (allow_epochs && unit == "e")))
    throw UsageError(std::string("--") + option + ": expected a number of updates" +
                     (allow_epochs ? " (N or Nu) or epochs (Ne)" : " (N or Nu)") + ", not '" + value + "'");
  return unit == "e" ? -n : n;
}

LengthSort parse_sort(const std::string& s) {
  if (s == "none") return LengthSort::none;
  if (s == "src") return LengthSort::source;
  if (s == "trg") return LengthSort::target;
  throw UsageError("--maxi-batch-sort must be none, src or trg");
}

Shuffle parse_shuffle(const std::string& s) {
  if (s == "none") return Shuffle::none;
  if (s == "batches") return Shuffle::batches;
  if (s == "data") return Shuffle::data;
  throw UsageError("--shuffle must be data, batches or none");
}

int train(int argc, char** argv) {
  TrainCommand cmd;
  TrainerOptions& t = cmd.trainer;
  std::string type, task, attention, optimizer, after, save_freq, valid_freq, disp_freq, sort, shuffle;
  std::string ffn_activation, positions, precision, guided_cost, allreduce_precision;
  int dim_emb, dim_rnn, enc_depth, dec_depth, attention_window, heads, dim_ffn;
  bool tied = false, tied_all = false, prenorm = false;
  float dropout, dropout_attention, dropout_ffn;
  uint64_t after_epochs = 0, after_batches = 0;
  po::options_description desc(
      "usage: tolmach-train -t SRC TGT -m DIR [options]\n"
      "Re-running the same command resumes from DIR's latest checkpoint.\n\nOptions");
  desc.add_options()
      ("help,h", "this help")
      ("type", po::value(&type)->default_value("rnn"), "architecture: rnn or transformer")
      ("task", po::value(&task), "transformer preset: transformer-tiny, transformer-small or transformer-base (implies --type transformer)")
      ("train-sets,t", po::value(&cmd.train_sets)->multitoken()->required(), "SRC TGT training files (raw text)")
      ("vocabs,v", po::value(&cmd.vocabs)->multitoken(),
       "SRC TGT SentencePiece models (the same file twice: joint); created from the training data when missing "
       "(default: a joint DIR/vocab.model)")
      ("dim-vocabs", po::value(&cmd.dim_vocabs)->default_value(8000), "size of vocabularies created here")
      ("model,m", po::value(&t.model_dir)->required(), "model directory")
      ("dim-emb", po::value(&dim_emb)->default_value(512), "embedding size")
      ("dim-rnn", po::value(&dim_rnn)->default_value(1024), "LSTM state size")
      ("enc-depth", po::value(&enc_depth)->default_value(1), "encoder layers")
      ("dec-depth", po::value(&dec_depth)->default_value(1), "decoder layers")
      ("attention", po::value(&attention)->default_value("additive"),
       "score function: dot, scaled-dot, general, additive (mlp, Bahdanau), cosine, location")
      ("attention-window", po::value(&attention_window)->default_value(0), "Luong local-p attention half width (0: global)")
      ("tied-embeddings", po::bool_switch(&tied), "output layer = target embedding (rnn: needs dim-emb == dim-rnn)")
      ("tied-embeddings-all", po::bool_switch(&tied_all), "transformer: one table for source, target and output (joint vocabulary)")
      ("transformer-heads", po::value(&heads)->default_value(8), "transformer: attention heads")
      ("transformer-dim-ffn", po::value(&dim_ffn)->default_value(2048), "transformer: feed-forward size")
      ("transformer-ffn-activation", po::value(&ffn_activation)->default_value("relu"), "transformer: relu or gelu")
      ("transformer-positions", po::value(&positions)->default_value("sinusoidal"), "transformer: sinusoidal or learned")
      ("transformer-prenorm", po::bool_switch(&prenorm), "transformer: layer norm before each block (default: after)")
      ("dropout", po::value(&dropout)->default_value(0.f), "dropout probability")
      ("transformer-dropout-attention", po::value(&dropout_attention)->default_value(0.f),
       "transformer: dropout on the attention weights")
      ("transformer-dropout-ffn", po::value(&dropout_ffn)->default_value(0.f),
       "transformer: dropout on the feed-forward hidden activations")
      ("max-length", po::value(&cmd.max_length)->default_value(100), "skip pairs with a side longer than this (subword tokens)")
      ("mini-batch", po::value(&t.batch.mini_batch)->default_value(64), "sentences per batch (with --mini-batch-words: the window unit)")
      ("mini-batch-words", po::value(&t.batch.mini_batch_words)->default_value(0), "target tokens per batch (0: by sentences)")
      ("maxi-batch", po::value(&t.batch.maxi_batch)->default_value(100), "sort a window of this many mini-batches by length")
      ("maxi-batch-sort", po::value(&sort)->default_value("trg"), "none, src or trg")
      ("shuffle", po::value(&shuffle)->default_value("data"), "data, batches or none")
      ("optimizer,o", po::value(&optimizer)->default_value("adam"), "adam")
      ("learn-rate,l", po::value(&t.lr.lr)->default_value(1e-4f), "learning rate")
      ("lr-warmup", po::value(&t.lr.warmup)->default_value(0), "linear warm-up over N updates")
      ("lr-decay-inv-sqrt", po::value(&t.lr.decay_inv_sqrt)->default_value(0), "after N updates, lr * sqrt(N / update)")
      ("lr-cooldown", po::value(&t.lr.cooldown)->default_value(0),
       "lower the learning rate linearly to 0 over the last N updates before --after Nu")
      ("optimizer-params", po::value<std::vector<float>>()->multitoken(), "Adam beta1 beta2 eps")
      ("label-smoothing", po::value(&t.loss.label_smoothing)->default_value(0.f), "label smoothing epsilon")
      ("guided-alignment", po::value(&cmd.guided_alignment),
       "Pharaoh word alignments of the training pairs (one line per line): supervise the alignment layer's attention")
      ("guided-alignment-cost", po::value(&guided_cost)->default_value("ce"), "ce or mse")
      ("guided-alignment-weight", po::value(&t.loss.guided_alignment_weight)->default_value(0.1f),
       "weight of the guided-alignment cost (per gold link) beside the cross-entropy (per token)")
      ("transformer-guided-alignment-layer", po::value<int>(),
       "transformer: decoder layer (1-based) whose attention is guided and aligns (default: last)")
      ("exponential-smoothing", po::value(&t.exponential_smoothing)->default_value(0.f)->implicit_value(1e-4f, "1e-4"),
       "validate and save a moving average of the weights with this factor (0: off)")
      ("clip-norm", po::value(&t.clip_norm)->default_value(1.f), "clip gradients to this global norm (0: off)")
      ("seed", po::value(&t.seed)->default_value(1234), "random seed (initialisation, data order, dropout)")
      ("threads", po::value(&cmd.threads)->default_value(1), "CPU threads (0: all cores)")
      ("precision", po::value(&precision)->default_value("float32"),
       "float32, or bfloat16 for the GEMM operands of linear layers (mixed precision: weights, "
       "gradients and optimiser stay float32; float32 on a CPU without bf16 kernels)")
      ("allreduce-precision", po::value(&allreduce_precision)->default_value("float32"),
       "mpirun -np N: gradients on the wire in float32 or bfloat16 (half the bytes)")
      ("after-epochs,e", po::value(&after_epochs), "stop after N epochs")
      ("after-batches", po::value(&after_batches), "stop after N updates")
      ("after", po::value(&after), "stop after Nu updates or Ne epochs")
      ("disp-freq", po::value(&disp_freq)->default_value("100"), "log every N updates")
      ("save-freq", po::value(&save_freq)->default_value("1000"), "checkpoint every N updates")
      ("keep-checkpoints", po::value(&t.keep_checkpoints)->default_value(2), "keep the last N checkpoints (for averaging)")
      ("valid-sets", po::value(&cmd.valid_sets)->multitoken(), "SRC TGT validation files (raw text)")
      ("valid-metrics", po::value(&cmd.valid_metrics)->multitoken(),
       "cross-entropy, perplexity, bleu (the first decides early stopping; default cross-entropy)")
      ("valid-freq", po::value(&valid_freq)->default_value("1000"), "validate every N updates")
      ("valid-mini-batch", po::value(&cmd.valid_mini_batch)->default_value(32), "sentences per batch when translating for BLEU")
      ("valid-beam-size", po::value(&cmd.valid_beam_size)->default_value(6), "beam size when translating for BLEU")
      ("valid-normalize", po::value(&cmd.valid_normalize)->default_value(0.6f), "length normalisation when translating for BLEU")
      ("early-stopping", po::value(&t.early_stopping)->default_value(10), "stop after N validations without improvement (0: never)")
      ("keep-best", po::bool_switch(&t.keep_best), "DIR/model.safetensors is the best model on the first validation metric")
      ("log", po::value(&cmd.log_file), "also append log lines to FILE");
  const po::variables_map vm = parse_options(po::command_line_parser(argc, argv), desc);
  if (vm.count("task")) type = "transformer";
  if (type != "rnn" && type != "transformer") throw UsageError("--type must be rnn or transformer");
  if (optimizer != "adam") throw UsageError("--optimizer: only adam is available");
  if (vm.count("optimizer-params")) {
    const auto p = vm["optimizer-params"].as<std::vector<float>>();
    if (p.size() != 3) throw UsageError("--optimizer-params needs beta1 beta2 eps");
    t.adam.beta1 = p[0];
    t.adam.beta2 = p[1];
    t.adam.eps = p[2];
  }
  t.adam.decoupled = false;
  if (cmd.valid_metrics.empty()) cmd.valid_metrics = {"cross-entropy"};
  t.batch.sort = parse_sort(sort);
  t.batch.shuffle = parse_shuffle(shuffle);
  t.batch.seed = t.seed;
  t.after_epochs = after_epochs;
  t.after_updates = static_cast<int64_t>(after_batches);
  if (!after.empty()) {
    const int64_t n = parse_count(after, "after", true);
    if (n < 0) t.after_epochs = static_cast<uint64_t>(-n);
    else t.after_updates = n;
  }
  if (t.lr.cooldown < 0 || (t.lr.cooldown > 0 && (t.after_updates == 0 || t.lr.cooldown > t.after_updates)))
    throw UsageError("--lr-cooldown N needs an update limit of at least N (--after Nu)");
  t.disp_freq = parse_count(disp_freq, "disp-freq", false);
  t.save_freq = parse_count(save_freq, "save-freq", false);
  t.valid_freq = parse_count(valid_freq, "valid-freq", false);
  if (t.exponential_smoothing < 0 || t.exponential_smoothing >= 1)
    throw UsageError("--exponential-smoothing must be in [0, 1)");
  for (const float p : {dropout, dropout_attention, dropout_ffn})
    if (p < 0 || p >= 1) throw UsageError("--dropout, --transformer-dropout-attention and --transformer-dropout-ffn must be in [0, 1)");
  if (cmd.guided_alignment.empty()) t.loss.guided_alignment_weight = 0.f;
  try {
    t.loss.guided_alignment_cost = parse_guided_alignment_cost(guided_cost);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  if (precision != "float32" && precision != "bfloat16")
    throw UsageError("--precision must be float32 or bfloat16, not '" + precision + "'");
  cmd.bf16_linear = precision == "bfloat16";
  t.allreduce_precision = parse_allreduce_precision(allreduce_precision);
  if (attention == "mlp" || attention == "bahdanau" || attention == "concat") attention = "additive";
  // Keys as Marian's flags (models/rnn_attention/config.h, models/transformer/config.h).
  if (type == "rnn") {
    cmd.model = {{"type", type},           {"dim-emb", dim_emb},     {"dim-rnn", dim_rnn},
                 {"enc-depth", enc_depth}, {"dec-depth", dec_depth}, {"attention", attention},
                 {"attention-window", attention_window}, {"tied-embeddings", tied}, {"dropout", dropout}};
  } else {
    // A preset gives the dimensions; flags given on the command line override it.
    try {
      cmd.model = transformer::transformer_preset(task.empty() ? "transformer-small" : task);
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("--task: ") + e.what());
    }
    const auto given = [&](const char* flag) { return vm.count(flag) && !vm[flag].defaulted(); };
    if (given("dim-emb")) cmd.model["dim-emb"] = dim_emb;
    if (given("enc-depth")) cmd.model["enc-depth"] = enc_depth;
    if (given("dec-depth")) cmd.model["dec-depth"] = dec_depth;
    if (given("transformer-heads")) cmd.model["transformer-heads"] = heads;
    if (given("transformer-dim-ffn")) cmd.model["transformer-dim-ffn"] = dim_ffn;
    cmd.model["transformer-ffn-activation"] = ffn_activation;
    cmd.model["transformer-positions"] = positions;
    cmd.model["transformer-prenorm"] = prenorm;
    cmd.model["tied-embeddings"] = tied;
    cmd.model["tied-embeddings-all"] = tied_all;
    cmd.model["transformer-dropout"] = dropout;
    cmd.model["transformer-dropout-attention"] = dropout_attention;
    cmd.model["transformer-dropout-ffn"] = dropout_ffn;
    if (vm.count("transformer-guided-alignment-layer"))
      cmd.model["alignment-layer"] = vm["transformer-guided-alignment-layer"].as<int>();
  }
  return run_train_command(std::move(cmd));
}

}  // namespace

int main(int argc, char** argv) {
  return run_tool("tolmach-train", [&]() -> int { return train(argc, argv); });
}
