#pragma once
// A Marian model's architecture (the special:model.yml its .npz carries) as a tolmach
// config.json: the transformer Marian 1.12 trains, with OPUS-MT's variants (tied embeddings
// all / decoder / none, post-norm "dan" or pre-norm "n" + "da" with a top norm, relu or swish,
// guided-alignment layer). Marian's fixed choices become explicit keys: sinusoidal positions
// in its layout, embeddings scaled by sqrt(dim-emb), layer norm epsilon 1e-9, and alignments
// read from the first head (Marian's --alignment takes head 0).
#include <string>

#include <nlohmann/json.hpp>

namespace tolmach::marian {

// The architecture keys (without vocabulary sizes and ids). Throws std::invalid_argument naming
// the first Marian option it does not support (RNN types, factored vocabularies, learned
// positions, AAN or RNN decoders, ...) or a YAML it cannot read.
nlohmann::json transformer_config(const std::string& model_yml);

}  // namespace tolmach::marian
