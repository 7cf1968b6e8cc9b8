#pragma once
// softmax and log-softmax along one axis (oneDNN softmax_v2, accurate / log algorithms),
// forward and backward. The backward needs only the saved output.
#include "autograd/var.h"
#include "tensor/tensor.h"

namespace tolmach::ops {

Tensor softmax(const Tensor& x, int axis = -1);
Tensor log_softmax(const Tensor& x, int axis = -1);
// log_softmax over the last axis written straight into dst (x.numel() floats, row-major; it
// may be x's own buffer): search's log-probabilities without a temporary and a copy.
void log_softmax_into(const Tensor& x, float* dst);

// Backward kernels: dx from dy and the saved output y (softmax) or log-probabilities.
Tensor softmax_backward(const Tensor& dy, const Tensor& y, int axis = -1);
Tensor log_softmax_backward(const Tensor& dy, const Tensor& logp, int axis = -1);

Var softmax(const Var& x, int axis = -1);
Var log_softmax(const Var& x, int axis = -1);

}  // namespace tolmach::ops
