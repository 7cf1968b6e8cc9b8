#pragma once
// Layer normalisation over the last dimension with learned gain and bias
// (oneDNN layer_normalization, forward_training + backward):
//   y = (x - mean) / sqrt(var + eps) * gamma + beta,   gamma, beta: [C]
#include "autograd/var.h"
#include "tensor/tensor.h"

namespace tolmach::ops {

Tensor layer_norm(const Tensor& x, const Tensor& gamma, const Tensor& beta, float eps = 1e-5f);
Var layer_norm(const Var& x, const Var& gamma, const Var& beta, float eps = 1e-5f);

}  // namespace tolmach::ops
