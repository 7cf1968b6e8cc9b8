#pragma once
// DataPosition in a checkpoint's trainer-state JSON:
//   {"epoch": 3, "batch": 120, "fingerprint": "9a3c05e1d2b4f687"}
// The fingerprint is a hex string: JSON readers often keep numbers as doubles (53 bits).
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "data/batch_stream.h"

namespace tolmach {

inline void to_json(nlohmann::json& j, const DataPosition& p) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(p.fingerprint));
  j = {{"epoch", p.epoch}, {"batch", p.batch}, {"fingerprint", hex}};
}

inline void from_json(const nlohmann::json& j, DataPosition& p) {
  p.epoch = j.at("epoch").get<uint64_t>();
  p.batch = j.at("batch").get<uint64_t>();
  p.fingerprint = std::stoull(j.at("fingerprint").get<std::string>(), nullptr, 16);
}

}  // namespace tolmach
