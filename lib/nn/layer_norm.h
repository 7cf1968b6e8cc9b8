#pragma once
// Layer normalisation over the last dimension: gain "weight" (ones) and "bias" (zeros).
#include "nn/module.h"

namespace tolmach::nn {

class LayerNorm {
 public:
  LayerNorm() = default;
  explicit LayerNorm(int64_t dim, float eps = 1e-5f);

  Var forward(const Var& x) const;
  NamedParams parameters() const;  // "weight", "bias"

  Var weight, bias;
  float eps = 1e-5f;
};

}  // namespace tolmach::nn
