#pragma once
// Matrix product, batched, with either operand transposed (by strides, never copied).
//
//   a: [..., M, K]  b: [..., K, N]  ->  [..., M, N]      (trans_a / trans_b: use a^T / b^T)
//
// Batch dimensions broadcast (size 1 or missing on one side). A 2-D b with a batched,
// contiguous a runs as one [batch*M, K] x [K, N] GEMM. f32 x f32 and bf16 x bf16 operands
// both produce f32. Primitives are cached per shape/stride/dtype.
#include "autograd/var.h"
#include "tensor/tensor.h"

namespace tolmach::ops {

Tensor matmul(const Tensor& a, const Tensor& b, bool trans_a = false, bool trans_b = false);
// c = alpha * op(a) op(b) + beta * c, written into an existing f32 tensor (beta: 0 or 1).
void matmul_into(const Tensor& a, const Tensor& b, Tensor& c, bool trans_a = false, bool trans_b = false,
                 float alpha = 1.f, float beta = 0.f);

Var matmul(const Var& a, const Var& b, bool trans_a = false, bool trans_b = false);

}  // namespace tolmach::ops
