#include "models/config_fields.h"

namespace tolmach {

void VocabFields::read_vocab_fields(const nlohmann::json& j) {
  src_vocab_size = config_json::get<int64_t>(j, "src-vocab-size", 0);
  tgt_vocab_size = config_json::get<int64_t>(j, "tgt-vocab-size", 0);
  pad_id = config_json::get<int>(j, "pad-id", pad_id);
  bos_id = config_json::get<int>(j, "bos-id", bos_id);
  eos_id = config_json::get<int>(j, "eos-id", eos_id);
  src_pad_id = config_json::get<int>(j, "src-pad-id", pad_id);
  config_json::require(src_vocab_size > 0 && tgt_vocab_size > 0, "src-vocab-size and tgt-vocab-size must be positive");
  for (int id : {pad_id, bos_id, eos_id})
    config_json::require(id >= 0 && id < tgt_vocab_size, "pad/bos/eos ids must be inside the target vocabulary");
  for (int id : {src_pad_id, eos_id})
    config_json::require(id >= 0 && id < src_vocab_size, "src-pad-id and eos-id must be inside the source vocabulary");
}

void VocabFields::write_vocab_fields(nlohmann::json& j) const {
  j["src-vocab-size"] = src_vocab_size;
  j["tgt-vocab-size"] = tgt_vocab_size;
  j["pad-id"] = pad_id;
  j["bos-id"] = bos_id;
  j["eos-id"] = eos_id;
  if (src_pad_id != pad_id) j["src-pad-id"] = src_pad_id;
}

}  // namespace tolmach
