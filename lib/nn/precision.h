#pragma once
// The arithmetic a model runs inference in (`tolmach-translate --precision`). Training is
// always float32; bfloat16 and int8 use converted copies of the weights (nn::Linear).
#include <stdexcept>
#include <string>

namespace tolmach::nn {

enum class Precision { float32, bfloat16, int8 };

inline Precision parse_precision(const std::string& name) {
  if (name == "float32" || name == "f32") return Precision::float32;
  if (name == "bfloat16" || name == "bf16") return Precision::bfloat16;
  if (name == "int8") return Precision::int8;
  throw std::invalid_argument("unknown precision '" + name + "' (float32, bfloat16 or int8)");
}

inline const char* precision_name(Precision p) {
  switch (p) {
    case Precision::bfloat16: return "bfloat16";
    case Precision::int8: return "int8";
    default: return "float32";
  }
}

}  // namespace tolmach::nn
