#pragma once
// Shape ops on Vars: views in the forward pass (no copy), gradients routed back in the
// backward pass. concat copies; split / slice / select accumulate straight into the
// input's gradient region.
#include <vector>

#include "autograd/var.h"

namespace tolmach::ops {

Var reshape(const Var& x, const Shape& shape);  // one dim may be -1
Var transpose(const Var& x, int d0, int d1);
Var permute(const Var& x, const std::vector<int>& order);
Var slice(const Var& x, int dim, int64_t start, int64_t end);  // [start, end)
Var select(const Var& x, int dim, int64_t index);             // drops dim
Var unsqueeze(const Var& x, int dim);
Var squeeze(const Var& x, int dim);
// Contiguous copy (for ops that want a dense input; gradient passes through).
Var contiguous(const Var& x);

Tensor concat(const std::vector<Tensor>& xs, int dim);
Var concat(const std::vector<Var>& xs, int dim);
Var stack(const std::vector<Var>& xs, int dim);  // new dim
std::vector<Var> split(const Var& x, const std::vector<int64_t>& sizes, int dim);

}  // namespace tolmach::ops
