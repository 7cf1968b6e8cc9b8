#pragma once
// What every model's config.json reader shares: typed reads with defaults, checks that throw
// std::invalid_argument naming the key, and the vocabulary fields all architectures carry.
#include <cstdint>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace tolmach {

// "src-vocab-size", "tgt-vocab-size", "pad-id", "bos-id", "eos-id", and "src-pad-id" when
// the source pads with another id than the target (vocabularies apart without pad ids).
struct VocabFields {
  int64_t src_vocab_size = 0, tgt_vocab_size = 0;
  int pad_id = 0, bos_id = 1, eos_id = 2;
  int src_pad_id = 0;

  void read_vocab_fields(const nlohmann::json& j);  // and checks them
  void write_vocab_fields(nlohmann::json& j) const;
};

namespace config_json {

// j[key] as T, or `fallback` when absent; a value of the wrong JSON type is an error.
template <class T> T get(const nlohmann::json& j, const char* key, T fallback) {
  auto it = j.find(key);
  if (it == j.end()) return fallback;
  try {
    return it->get<T>();
  } catch (const nlohmann::json::exception&) {
    throw std::invalid_argument(std::string("model config: \"") + key + "\" has the wrong type (" + it->dump() + ")");
  }
}

inline void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument("model config: " + what);
}

// j without `known` keys and the vocabulary keys: what a config keeps as its "extra".
template <size_t N> nlohmann::json unknown_keys(const nlohmann::json& j, const char* const (&known)[N]) {
  nlohmann::json extra = j;
  for (const char* k : known) extra.erase(k);
  for (const char* k : {"src-vocab-size", "tgt-vocab-size", "pad-id", "bos-id", "eos-id", "src-pad-id"})
    extra.erase(k);
  return extra;
}

}  // namespace config_json

}  // namespace tolmach
