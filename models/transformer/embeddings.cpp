#include "models/transformer/embeddings.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "ops/binary.h"
#include "ops/embedding.h"
#include "ops/shape.h"

namespace tolmach::transformer {

Tensor sinusoidal_positions(int64_t start, int64_t T, int64_t D) {
  Tensor pe = Tensor::empty({T, D});
  float* p = pe.data<float>();
  for (int64_t t = 0; t < T; ++t)
    for (int64_t i = 0; i < D; ++i) {
      double angle = static_cast<double>(start + t) / std::pow(10000.0, static_cast<double>(i - i % 2) / D);
      p[t * D + i] = static_cast<float>(i % 2 == 0 ? std::sin(angle) : std::cos(angle));
    }
  return pe;
}

Embedder::Embedder(Var t, bool scale_by_dim, int64_t learned_max_length, nn::Rng& rng)
    : table(std::move(t)), scale(scale_by_dim ? std::sqrt(static_cast<float>(table.dim(1))) : 1.f) {
  const int64_t D = table.dim(1);
  if (learned_max_length > 0)
    positions = Var::param(nn::normal({learned_max_length, D}, 1.f / std::sqrt(static_cast<float>(D)), rng));
}

Var Embedder::forward(const Tensor& ids, int64_t start) const {
  const int64_t T = ids.dim(-1), D = table.dim(1);
  Var x = ops::embedding(table, ids);
  if (scale != 1.f) x = ops::scale(x, scale);
  if (!positions.defined()) return ops::add(x, Var(sinusoidal_positions(start, T, D)));
  if (start + T > positions.dim(0))
    throw std::length_error("sentence of " + std::to_string(start + T) + " tokens is longer than the " +
                            std::to_string(positions.dim(0)) + " learned positions (max-length)");
  return ops::add(x, ops::slice(positions, 0, start, start + T));
}

}  // namespace tolmach::transformer
