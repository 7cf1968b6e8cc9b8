#include "models/model_flags.h"

#include "base/error.h"
#include "base/float_text.h"
#include "models/transformer/config.h"

namespace tolmach {
namespace {

nlohmann::json transformer_config(const ModelFlags& f) {
  nlohmann::json c = transformer::transformer_preset(f.task.empty() ? "transformer-small" : f.task);
  const auto given = [&](const char* flag) { return f.given.count(flag) > 0; };
  if (given("dim-emb")) c["dim-emb"] = f.dim_emb;
  if (given("enc-depth")) c["enc-depth"] = f.enc_depth;
  if (given("dec-depth")) c["dec-depth"] = f.dec_depth;
  if (given("transformer-heads")) c["transformer-heads"] = f.heads;
  if (given("transformer-dim-ffn")) c["transformer-dim-ffn"] = f.dim_ffn;
  c["transformer-ffn-activation"] = f.ffn_activation;
  c["transformer-positions"] = f.positions;
  c["transformer-prenorm"] = f.prenorm;
  c["tied-embeddings"] = f.tied;
  c["tied-embeddings-all"] = f.tied_all;
  c["transformer-dropout"] = float_as_typed(f.dropout);
  c["transformer-dropout-attention"] = float_as_typed(f.dropout_attention);
  c["transformer-dropout-ffn"] = float_as_typed(f.dropout_ffn);
  if (f.alignment_layer) c["alignment-layer"] = *f.alignment_layer;
  return c;
}

}  // namespace

nlohmann::json model_config_from_flags(const ModelFlags& f) {
  const std::string type = f.task.empty() ? f.type : "transformer";
  if (type != "rnn" && type != "transformer") throw UsageError("--type must be rnn or transformer");
  for (const float p : {f.dropout, f.dropout_attention, f.dropout_ffn})
    if (p < 0 || p >= 1)
      throw UsageError("--dropout, --transformer-dropout-attention and --transformer-dropout-ffn must be in [0, 1)");
  if (type == "transformer") return transformer_config(f);
  const bool additive = f.attention == "mlp" || f.attention == "bahdanau" || f.attention == "concat";
  return {{"type", type},
          {"dim-emb", f.dim_emb},
          {"dim-rnn", f.dim_rnn},
          {"enc-depth", f.enc_depth},
          {"dec-depth", f.dec_depth},
          {"attention", additive ? "additive" : f.attention},
          {"attention-window", f.attention_window},
          {"tied-embeddings", f.tied},
          {"dropout", float_as_typed(f.dropout)}};
}

}  // namespace tolmach
