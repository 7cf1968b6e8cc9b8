#include "nn/embedding.h"

#include <cmath>

#include "ops/embedding.h"

namespace tolmach::nn {

Embedding::Embedding(int64_t vocab, int64_t dim, Rng& rng, float stddev)
    : weight(Var::param(normal({vocab, dim}, stddev < 0 ? 1.f / std::sqrt(static_cast<float>(dim)) : stddev, rng))) {}

Var Embedding::forward(const Tensor& ids) const { return ops::embedding(weight, ids); }

NamedParams Embedding::parameters() const { return {{"weight", weight}}; }

}  // namespace tolmach::nn
