#pragma once
// The arithmetic a model runs inference in (`tolmach-translate --precision`). Training is
// float32 or mixed bfloat16; bfloat16 and int8 use converted copies of the weights (nn::Linear).
#include <optional>
#include <string>

namespace tolmach::nn {

enum class Precision { float32, bfloat16, int8 };

// "float32" (or "f32"), "bfloat16" ("bf16"), "int8"; nothing for another name.
std::optional<Precision> precision_from_name(const std::string& name);

// The one parse of every tool's --precision: UsageError naming the flag for another name.
Precision parse_precision_flag(const std::string& value);

const char* precision_name(Precision p);

}  // namespace tolmach::nn
