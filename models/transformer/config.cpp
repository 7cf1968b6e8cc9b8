#include "models/transformer/config.h"

#include <stdexcept>

#include "base/error.h"
#include "base/float_text.h"
#include "models/config_fields.h"

namespace tolmach::transformer {

using config_json::get;
using config_json::require;

TransformerConfig TransformerConfig::from_json(const nlohmann::json& j) {
  require(j.is_object(), "not a JSON object");
  require(get<std::string>(j, "type", "transformer") == "transformer", "type is not \"transformer\"");
  TransformerConfig c;
  c.dim_emb = get<int64_t>(j, "dim-emb", c.dim_emb);
  c.heads = get<int64_t>(j, "transformer-heads", c.heads);
  c.dim_ffn = get<int64_t>(j, "transformer-dim-ffn", c.dim_ffn);
  c.enc_depth = get<int>(j, "enc-depth", c.enc_depth);
  c.dec_depth = get<int>(j, "dec-depth", c.dec_depth);
  c.ffn_activation = get<std::string>(j, "transformer-ffn-activation", c.ffn_activation);
  // Marian spells the norm placement as processing strings: preprocess "n" + postprocess
  // "da" is pre-norm, preprocess "" + postprocess "dan" (dropout, add, norm) post-norm.
  // transformer-prenorm, when given, decides alone.
  std::string pre = get<std::string>(j, "transformer-preprocess", "");
  std::string post = get<std::string>(j, "transformer-postprocess", pre == "n" ? "da" : "dan");
  require((pre == "" && post == "dan") || (pre == "n" && post == "da") || j.contains("transformer-prenorm"),
          "transformer-preprocess \"" + pre + "\" with transformer-postprocess \"" + post +
              "\" is not supported (\"\" + \"dan\": post-norm, \"n\" + \"da\": pre-norm)");
  c.prenorm = get<bool>(j, "transformer-prenorm", pre == "n");
  c.positions = get<std::string>(j, "transformer-positions", c.positions);
  c.scale_embeddings = get<bool>(j, "transformer-scale-embeddings", c.scale_embeddings);
  c.tied_embeddings = get<bool>(j, "tied-embeddings", c.tied_embeddings);
  c.tied_embeddings_all = get<bool>(j, "tied-embeddings-all", c.tied_embeddings_all);
  c.dropout = get<float>(j, "dropout", c.dropout);
  c.dropout = get<float>(j, "transformer-dropout", c.dropout);
  c.dropout_attention = get<float>(j, "transformer-dropout-attention", c.dropout_attention);
  c.dropout_ffn = get<float>(j, "transformer-dropout-ffn", c.dropout_ffn);
  c.max_length = get<int64_t>(j, "max-length", c.max_length);
  c.layer_norm_epsilon = get<double>(j, "layer-norm-epsilon", c.layer_norm_epsilon);
  c.alignment_layer = get<int>(j, "alignment-layer", c.alignment_layer);
  c.alignment_heads = get<std::vector<int>>(j, "alignment-heads", c.alignment_heads);

  require(c.dim_emb > 0 && c.heads > 0 && c.dim_ffn > 0, "dim-emb, transformer-heads and transformer-dim-ffn must be positive");
  require(c.dim_emb % c.heads == 0, "dim-emb " + std::to_string(c.dim_emb) + " is not divisible by transformer-heads " +
                                        std::to_string(c.heads));
  require(c.enc_depth >= 1 && c.dec_depth >= 1, "enc-depth and dec-depth must be at least 1");
  require(c.ffn_activation == "relu" || c.ffn_activation == "gelu" || c.ffn_activation == "swish",
          "transformer-ffn-activation \"" + c.ffn_activation + "\" is not relu, gelu or swish");
  require(c.positions == "sinusoidal" || c.positions == "sinusoidal-marian" || c.positions == "learned",
          "transformer-positions \"" + c.positions + "\" is not sinusoidal, sinusoidal-marian or learned");
  require(c.positions != "sinusoidal-marian" || (c.dim_emb % 2 == 0 && c.dim_emb >= 4),
          "sinusoidal-marian positions need an even dim-emb of at least 4");
  require(c.layer_norm_epsilon > 0, "layer-norm-epsilon must be positive");
  require(c.dropout >= 0.f && c.dropout < 1.f, "transformer-dropout must be in [0, 1)");
  require(c.dropout_attention >= 0.f && c.dropout_attention < 1.f, "transformer-dropout-attention must be in [0, 1)");
  require(c.dropout_ffn >= 0.f && c.dropout_ffn < 1.f, "transformer-dropout-ffn must be in [0, 1)");
  require(c.max_length >= 1, "max-length must be >= 1");
  require(c.alignment_layer >= 0 && c.alignment_layer <= c.dec_depth,
          "alignment-layer must be 1.." + std::to_string(c.dec_depth) + " (0: last)");
  for (int h : c.alignment_heads)
    require(h >= 0 && h < c.heads, "alignment-heads entry " + std::to_string(h) + " is not a head (0.." +
                                       std::to_string(c.heads - 1) + ")");
  c.read_vocab_fields(j);
  require(!c.tied_embeddings_all || c.src_vocab_size == c.tgt_vocab_size,
          "tied-embeddings-all needs one joint vocabulary (src-vocab-size == tgt-vocab-size)");

  static const char* const known[] = {
      "type", "dim-emb", "transformer-heads", "transformer-dim-ffn", "enc-depth", "dec-depth",
      "transformer-ffn-activation", "transformer-preprocess", "transformer-postprocess", "transformer-prenorm",
      "transformer-positions", "transformer-scale-embeddings", "tied-embeddings", "tied-embeddings-all", "dropout",
      "transformer-dropout", "transformer-dropout-attention", "transformer-dropout-ffn", "max-length", "alignment-layer", "alignment-heads",
      "layer-norm-epsilon"};
  c.extra = config_json::unknown_keys(j, known);
  return c;
}

nlohmann::json TransformerConfig::to_json() const {
  nlohmann::json j = extra;
  j["type"] = "transformer";
  j["dim-emb"] = dim_emb;
  j["transformer-heads"] = heads;
  j["transformer-dim-ffn"] = dim_ffn;
  j["enc-depth"] = enc_depth;
  j["dec-depth"] = dec_depth;
  j["transformer-ffn-activation"] = ffn_activation;
  j["transformer-prenorm"] = prenorm;
  j["transformer-positions"] = positions;
  j["transformer-scale-embeddings"] = scale_embeddings;
  j["tied-embeddings"] = tied_embeddings;
  j["tied-embeddings-all"] = tied_embeddings_all;
  j["transformer-dropout"] = float_as_typed(dropout);
  j["transformer-dropout-attention"] = float_as_typed(dropout_attention);
  j["transformer-dropout-ffn"] = float_as_typed(dropout_ffn);
  j["max-length"] = max_length;
  if (layer_norm_epsilon != 1e-5) j["layer-norm-epsilon"] = layer_norm_epsilon;
  j["alignment-layer"] = alignment_layer;
  j["alignment-heads"] = alignment_heads;
  write_vocab_fields(j);
  return j;
}

nlohmann::json transformer_preset(const std::string& task) {
  if (task == "transformer-tiny")  // Wu et al. (2021)'s Multi30k baseline, fairseq's transformer_tiny
    return {{"type", "transformer"}, {"dim-emb", 128}, {"transformer-heads", 4}, {"transformer-dim-ffn", 256},
            {"enc-depth", 4}, {"dec-depth", 4}};
  if (task == "transformer-small")
    return {{"type", "transformer"}, {"dim-emb", 256}, {"transformer-heads", 4}, {"transformer-dim-ffn", 1024},
            {"enc-depth", 3}, {"dec-depth", 3}};
  if (task == "transformer-base")
    return {{"type", "transformer"}, {"dim-emb", 512}, {"transformer-heads", 8}, {"transformer-dim-ffn", 2048},
            {"enc-depth", 6}, {"dec-depth", 6}};
  throw UsageError("--task: unknown task \"" + task + "\" (known: transformer-tiny, transformer-small, transformer-base)");
}

}  // namespace tolmach::transformer
