#pragma once
// Tensor-level top-k and argmax along the last dimension (no gradient: used by search).
//   x [..., V] -> values [..., k] (descending), indices [..., k] (i32)
// Ties keep the lower index first, so results are deterministic.
#include "tensor/tensor.h"

namespace tolmach::ops {

void topk(const Tensor& x, int64_t k, Tensor& values, Tensor& indices);
Tensor argmax(const Tensor& x);  // [..., V] -> [...] i32

}  // namespace tolmach::ops
