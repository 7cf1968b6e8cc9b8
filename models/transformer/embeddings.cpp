#include "models/transformer/embeddings.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "ops/binary.h"
#include "ops/embedding.h"
#include "ops/shape.h"

namespace tolmach::transformer {

Tensor sinusoidal_positions(int64_t start, int64_t T, int64_t D, bool marian_layout) {
  Tensor pe = Tensor::empty({T, D});
  float* p = pe.data<float>();
  const int64_t half = D / 2;
  for (int64_t t = 0; t < T; ++t)
    for (int64_t i = 0; i < D; ++i) {
      const double pos = static_cast<double>(start + t);
      bool sine;
      double angle;
      if (marian_layout) {
        sine = i < half;
        angle = pos * std::pow(10000.0, -static_cast<double>(i % half) / static_cast<double>(half - 1));
      } else {
        sine = i % 2 == 0;
        angle = pos / std::pow(10000.0, static_cast<double>(i - i % 2) / D);
      }
      p[t * D + i] = static_cast<float>(sine ? std::sin(angle) : std::cos(angle));
    }
  return pe;
}

Embedder::Embedder(Var t, const TransformerConfig& c, nn::Rng& rng)
    : table(std::move(t)),
      scale(c.scale_embeddings ? std::sqrt(static_cast<float>(table.dim(1))) : 1.f),
      marian_layout(c.positions == "sinusoidal-marian") {
  const int64_t D = table.dim(1);
  if (c.positions == "learned")
    positions = Var::param(nn::normal({c.max_length, D}, 1.f / std::sqrt(static_cast<float>(D)), rng));
}

Var Embedder::forward(const Tensor& ids, int64_t start) const {
  const int64_t T = ids.dim(-1), D = table.dim(1);
  Var x = ops::embedding(table, ids);
  if (scale != 1.f) x = ops::scale(x, scale);
  if (!positions.defined()) return ops::add(x, Var(sinusoidal_positions(start, T, D, marian_layout)));
  if (start + T > positions.dim(0))
    throw std::length_error("sentence of " + std::to_string(start + T) + " tokens is longer than the " +
                            std::to_string(positions.dim(0)) + " learned positions (max-length)");
  return ops::add(x, ops::slice(positions, 0, start, start + T));
}

}  // namespace tolmach::transformer
