#pragma once
// Transformer architecture settings: the model's config.json (Marian-like keys) and the
// --task presets. Unknown keys are kept (extra) and written back by to_json().
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/config_fields.h"

namespace tolmach::transformer {

struct TransformerConfig : VocabFields {
  int64_t dim_emb = 512;          // "dim-emb" (d_model)
  int64_t heads = 8;              // "transformer-heads"
  int64_t dim_ffn = 2048;         // "transformer-dim-ffn"
  int enc_depth = 6;              // "enc-depth"
  int dec_depth = 6;              // "dec-depth"
  std::string ffn_activation = "relu";   // "transformer-ffn-activation": relu | gelu | swish
  bool prenorm = false;           // "transformer-prenorm" (or Marian's preprocess "n")
  std::string positions = "sinusoidal";  // "transformer-positions": sinusoidal | sinusoidal-marian | learned
  bool scale_embeddings = true;   // "transformer-scale-embeddings": x sqrt(dim-emb)
  bool tied_embeddings = false;   // "tied-embeddings": target embedding = output layer
  bool tied_embeddings_all = false;  // "tied-embeddings-all": source = target = output
  float dropout = 0.1f;           // "transformer-dropout" (or "dropout"): sublayer outputs, embeddings
  float dropout_attention = 0.f;  // "transformer-dropout-attention": attention weights
  float dropout_ffn = 0.f;        // "transformer-dropout-ffn": feed-forward hidden activations
  int64_t max_length = 1024;      // "max-length": positions a learned table covers
  double layer_norm_epsilon = 1e-5;  // "layer-norm-epsilon" (Marian's is 1e-9); written when not 1e-5
  int alignment_layer = 0;        // "alignment-layer": 1-based decoder layer, 0 = last
  std::vector<int> alignment_heads;  // "alignment-heads": 0-based heads averaged, empty = all
  nlohmann::json extra = nlohmann::json::object();

  // Throws std::invalid_argument naming the key for a bad value.
  static TransformerConfig from_json(const nlohmann::json& j);
  nlohmann::json to_json() const;
  int alignment_layer_index() const { return alignment_layer > 0 ? alignment_layer - 1 : dec_depth - 1; }
};

// The architecture keys of --task transformer-tiny / transformer-small / transformer-base (a
// UsageError naming --task for another name). Merge user keys over it.
nlohmann::json transformer_preset(const std::string& task);

}  // namespace tolmach::transformer
