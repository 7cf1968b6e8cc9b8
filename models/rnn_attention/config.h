#pragma once
// The RNN-attention model's hyper-parameters, read from / written to config.json with
// Marian's flag names ("dim-emb", "dim-rnn", "enc-depth", ...). Unknown keys (vocabulary
// paths and other things tools keep in config.json) are preserved untouched.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "models/config_fields.h"

namespace tolmach::rnn {

struct RnnConfig : VocabFields {
  int64_t dim_emb = 512;
  int64_t dim_rnn = 1024;  // H: decoder state, attentional vector, each encoder direction
  int enc_depth = 1;       // layer 0 is bidirectional (2H outputs); layers 1.. are forward, H
  int dec_depth = 1;
  std::string attention = "additive";  // dot | scaled-dot | general | additive | cosine | location
  int attention_window = 0;            // Luong local-p half width D; 0 = global attention
  int64_t attention_max_length = 256;  // location scorer: source positions it can address
  float dropout = 0.f;
  bool tied_embeddings = false;  // output layer = target embedding (needs dim-emb == dim-rnn)

  nlohmann::json extra = nlohmann::json::object();  // keys this struct does not know

  // Width of the encoder states the attention reads: 2H with one (bidirectional) layer,
  // H when unidirectional layers are stacked on top.
  int64_t encoder_dim() const { return enc_depth == 1 ? 2 * dim_rnn : dim_rnn; }

  // Throws std::invalid_argument naming the key for missing / ill-typed / out-of-range values.
  static RnnConfig from_json(const nlohmann::json& j);
  nlohmann::json to_json() const;  // extra + every field above, "type": "rnn"
};

// The score functions by name (for messages and validation).
bool is_score_function(const std::string& name);

}  // namespace tolmach::rnn
