#pragma once
// Sums and means over dimensions (oneDNN reduction), and sum_to(): the gradient of a
// broadcast, summing a [..] gradient down to the (broadcastable) shape of an input.
#include <vector>

#include "autograd/var.h"
#include "tensor/tensor.h"

namespace tolmach::ops {

// Sum over all elements (scalar result) or over `dims` (kept as size 1 when keepdim).
Tensor sum(const Tensor& x);
Tensor sum(const Tensor& x, const std::vector<int>& dims, bool keepdim = false);
// Sums g down to `shape`, which must broadcast to g.shape() (numpy rules).
Tensor sum_to(const Tensor& g, const Shape& shape);

Var sum(const Var& x);
Var sum(const Var& x, const std::vector<int>& dims, bool keepdim = false);
Var mean(const Var& x);
Var mean(const Var& x, const std::vector<int>& dims, bool keepdim = false);

}  // namespace tolmach::ops
