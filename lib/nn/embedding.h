#pragma once
// Token embedding table [V, D], initialised N(0, stddev^2) (default D^-1/2, as fairseq's
// Transformer, whose inputs are then scaled by sqrt(D)).
#include "nn/init.h"
#include "nn/module.h"

namespace tolmach::nn {

class Embedding {
 public:
  Embedding() = default;
  Embedding(int64_t vocab, int64_t dim, Rng& rng, float stddev = -1.f);  // stddev < 0: dim^-1/2

  Var forward(const Tensor& ids) const;  // i32 ids [...] -> [..., D]
  NamedParams parameters() const;        // "weight"

  Var weight;
};

}  // namespace tolmach::nn
