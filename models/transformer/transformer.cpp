#include "models/transformer/transformer.h"

#include "models/transformer/model.h"

namespace tolmach {

std::unique_ptr<Seq2SeqModel> create_transformer(const nlohmann::json& config, uint64_t seed) {
  return std::make_unique<transformer::TransformerModel>(transformer::TransformerConfig::from_json(config), seed);
}

}  // namespace tolmach
