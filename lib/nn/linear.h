#pragma once
// Affine layer y = x W^T + b over the last dimension. W is [out, in] (PyTorch's layout, so
// an embedding table [V, D] can be shared as an output projection), initialised Xavier
// uniform; b is [out], zero.
#include "nn/init.h"
#include "nn/module.h"

namespace tolmach::nn {

class Linear {
 public:
  Linear() = default;
  Linear(int64_t in, int64_t out, Rng& rng, bool bias = true);

  Var forward(const Var& x) const;  // [..., in] -> [..., out]
  NamedParams parameters() const;   // "weight", "bias"

  Var weight, bias;  // bias undefined when built without one
};

}  // namespace tolmach::nn
