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
// c = alpha * op(a) op(b) + beta * c (+ bias), written into an existing f32 tensor.
// beta: 0 or 1; bias: f32 [N], added to every row (fused into the GEMM).
void matmul_into(const Tensor& a, const Tensor& b, Tensor& c, bool trans_a = false, bool trans_b = false,
                 float alpha = 1.f, float beta = 0.f, const Tensor& bias = Tensor());

Var matmul(const Var& a, const Var& b, bool trans_a = false, bool trans_b = false);

// Affine layer with the bias fused into the GEMM: x [..., in] -> [..., out].
//   w [in, out] (trans_w = false: y = x w + b) or [out, in] (trans_w = true: y = x w^T + b).
// b may be undefined (no bias).
Tensor linear(const Tensor& x, const Tensor& w, const Tensor& b, bool trans_w = false);
Var linear(const Var& x, const Var& w, const Var& b, bool trans_w = false);

// Mixed-precision training: with bf16, linear() on Vars rounds the operands of its forward
// GEMM and of both backward GEMMs to bf16 (twice the GEMM rate with AVX512-BF16); products
// accumulate in f32, and parameters, gradients and the optimiser stay f32. Process-wide,
// f32 by default; tolmach-train --precision bfloat16 sets it.
void set_linear_compute_dtype(DType t);

}  // namespace tolmach::ops
