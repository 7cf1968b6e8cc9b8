#pragma once
// masked_fill: y = mask ? value : x, with mask (any dtype, nonzero = masked) broadcast to
// x's shape. Used for padding and causal masks before softmax (value = -inf or -1e9).
// The gradient is zero at masked positions.
#include <vector>

#include "autograd/var.h"
#include "tensor/tensor.h"

namespace tolmach::ops {

Tensor masked_fill(const Tensor& x, const Tensor& mask, float value);
Var masked_fill(const Var& x, const Tensor& mask, float value);

// Lower-triangular "future" mask [T, T] (1 where column > row) for decoder self-attention.
Tensor causal_mask(int64_t T);
// Padding mask [B, T] (1 where position >= length[b]) from per-sentence lengths.
Tensor padding_mask(const std::vector<int64_t>& lengths, int64_t T);

}  // namespace tolmach::ops
