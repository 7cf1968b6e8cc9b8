#pragma once
// Elementwise unary ops on oneDNN eltwise primitives (forward and backward):
// activations relu, gelu (erf form, as in BERT / fairseq), tanh, sigmoid, swish (x * sigmoid(x),
// Marian's transformer option), and exp, log,
// sqrt (for attention scorers: cosine similarity, Gaussian windows).
#include "autograd/var.h"
#include "tensor/tensor.h"

namespace tolmach::ops {

Tensor relu(const Tensor& x);
Tensor gelu(const Tensor& x);
Tensor tanh(const Tensor& x);
Tensor sigmoid(const Tensor& x);
Tensor swish(const Tensor& x);
Tensor exp(const Tensor& x);
Tensor log(const Tensor& x);
Tensor sqrt(const Tensor& x);

Var relu(const Var& x);
Var gelu(const Var& x);
Var tanh(const Var& x);
Var sigmoid(const Var& x);
Var swish(const Var& x);
Var exp(const Var& x);
Var log(const Var& x);
Var sqrt(const Var& x);

}  // namespace tolmach::ops
