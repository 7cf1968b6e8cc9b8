#include "models/config_fields.h"

namespace tolmach {

void VocabFields::read_vocab_fields(const nlohmann::json& j) {
  src_vocab_size = config_json::get<int64_t>(j, "src-vocab-size", 0);
  tgt_vocab_size = config_json::get<int64_t>(j, "tgt-vocab-size", 0);
  pad_id = config_json::get<int>(j, "pad-id", pad_id);
  bos_id = config_json::get<int>(j, "bos-id", bos_id);
  eos_id = config_json::get<int>(j, "eos-id", eos_id);
  config_json::require(src_vocab_size > 0 && tgt_vocab_size > 0, "src-vocab-size and tgt-vocab-size must be positive");
  for (int id : {pad_id, bos_id, eos_id})
    config_json::require(id >= 0 && id < src_vocab_size && id < tgt_vocab_size,
                         "pad/bos/eos ids must be inside both vocabularies");
}

void VocabFields::write_vocab_fields(nlohmann::json& j) const {
  j["src-vocab-size"] = src_vocab_size;
  j["tgt-vocab-size"] = tgt_vocab_size;
  j["pad-id"] = pad_id;
  j["bos-id"] = bos_id;
  j["eos-id"] = eos_id;
}

}  // namespace tolmach
