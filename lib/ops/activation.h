#pragma once
// Elementwise activations on oneDNN eltwise primitives (forward and backward):
// relu, gelu (erf form, as in BERT / fairseq), tanh, sigmoid.
#include "autograd/var.h"
#include "tensor/tensor.h"

namespace tolmach::ops {

Tensor relu(const Tensor& x);
Tensor gelu(const Tensor& x);
Tensor tanh(const Tensor& x);
Tensor sigmoid(const Tensor& x);

Var relu(const Var& x);
Var gelu(const Var& x);
Var tanh(const Var& x);
Var sigmoid(const Var& x);

}  // namespace tolmach::ops
