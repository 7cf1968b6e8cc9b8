#include "nn/precision.h"

#include "base/error.h"

namespace tolmach::nn {

std::optional<Precision> precision_from_name(const std::string& name) {
  if (name == "float32" || name == "f32") return Precision::float32;
  if (name == "bfloat16" || name == "bf16") return Precision::bfloat16;
  if (name == "int8") return Precision::int8;
  return std::nullopt;
}

Precision parse_precision_flag(const std::string& value) {
  if (const auto p = precision_from_name(value)) return *p;
  throw UsageError("--precision must be float32, bfloat16 or int8, not '" + value + "'");
}

const char* precision_name(Precision p) {
  switch (p) {
    case Precision::bfloat16: return "bfloat16";
    case Precision::int8: return "int8";
    default: return "float32";
  }
}

}  // namespace tolmach::nn
