#pragma once
// Embedding lookup: rows of table [V, D] picked by i32 ids of any shape -> [ids..., D].
// Backward scatter-adds the output gradient into the rows (repeated ids accumulate).
#include "autograd/var.h"
#include "tensor/tensor.h"

namespace tolmach::ops {

Tensor embedding(const Tensor& table, const Tensor& ids);
Var embedding(const Var& table, const Tensor& ids);

}  // namespace tolmach::ops
