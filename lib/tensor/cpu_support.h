#pragma once
// What this CPU's oneDNN kernels can do, probed once per process. tolmach runs wherever
// oneDNN does (AVX2 and up); where a kernel is missing it computes the same thing another way.
#include <string>

namespace tolmach {

// bf16 x bf16 GEMM kernels exist (AVX-512 and up). Without them, bf16 operands are widened to
// f32 (exactly) and multiplied there: the same products and f32 sums, without the speed-up.
bool cpu_has_bf16_gemm();

// The int8 GEMM adds pairs of u8 x s8 products in 16 bits and saturates (AVX2 or AVX-512
// without VNNI: vpmaddubsw). int8 weights then keep 7 bits (|q| <= 63), so no pair of
// 255 x 63 can overflow.
bool cpu_int8_gemm_saturates();

// How a precision named on the command line runs here, for logs: "int8" or, on such a CPU,
// "int8 (7-bit weights: no VNNI)", "bfloat16 (runs as float32: no bf16 kernels)".
std::string precision_on_this_cpu(const std::string& precision);

}  // namespace tolmach
