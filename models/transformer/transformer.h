#pragma once
// Entry point of the Transformer architecture: models/seq2seq.cpp's create_model()
// dispatches config["type"] == "transformer" here.
#include <cstdint>
#include <memory>

#include <nlohmann/json.hpp>

#include "models/seq2seq.h"
#include "models/transformer/config.h"

namespace tolmach {

// Throws std::invalid_argument naming the key for a bad config.
std::unique_ptr<Seq2SeqModel> create_transformer(const nlohmann::json& config, uint64_t seed);

}  // namespace tolmach
