#pragma once
// int8 inference matmul (no gradient): weights quantised once, symmetric, per output column;
// activations quantised per call, symmetric, per row (each token its own scale, so one
// outlying row of a batch costs the others no precision). The activations are handed to
// oneDNN shifted by 128 as u8, its native int8 operand (u8 x s8 with s32 sums, VNNI where the
// CPU has it), and the shift is taken out again with each column's weight sum:
//   y[m, n] = sx[m] * sw[n] * (sum_k (xq[m, k] + 128) wq[k, n] - 128 sum_k wq[k, n]) + bias[n]
#include <cstdint>
#include <vector>

#include "ops/packed_weight.h"
#include "tensor/tensor.h"

namespace tolmach::ops {

struct QuantizedWeight {
  PackedWeight w;                // i8 [K, N], packed for the int8 kernels
  Tensor scales;                 // f32 [N]: w[k, n] ~= w_q[k, n] * scales[n]
  std::vector<int32_t> shifts;   // [N]: 128 * sum_k w_q[k, n], what the u8 shift adds
};

// w: f32 [K, N] (trans = false) or [N, K] (trans = true, as in linear(..., trans_w)).
// Quantised to +-127, or to +-63 on a CPU whose int8 GEMM saturates (cpu_support.h).
QuantizedWeight quantize_weight(const Tensor& w, bool trans = false);

// x: f32 [..., K] -> f32 [..., N]; bias f32 [N] or undefined.
Tensor matmul_int8(const Tensor& x, const QuantizedWeight& w, const Tensor& bias = Tensor());

// Symmetric quantisation of each row (last dimension) of x to i8; returns the row scales
// (x[m, k] ~= q[m, k] * scale[m]).
std::vector<float> quantize_rows(const Tensor& x, Tensor& q);

}  // namespace tolmach::ops
