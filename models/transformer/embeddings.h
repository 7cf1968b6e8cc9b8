#pragma once
// Token embeddings scaled by sqrt(D) (Vaswani et al. 3.4) plus positions: sinusoidal
// (fixed, any length) or learned (a [max-length, D] table).
#include <cstdint>

#include "autograd/var.h"
#include "nn/init.h"

namespace tolmach::transformer {

// PE(p, 2i) = sin(p / 10000^(2i/D)), PE(p, 2i+1) = cos(p / 10000^(2i/D)) for p in [start, start + T).
Tensor sinusoidal_positions(int64_t start, int64_t T, int64_t D);

class Embedder {
 public:
  Embedder() = default;
  // table: [V, D] token embeddings (may be shared with another Embedder or the output layer).
  // learned_positions: max_length > 0 gives a learned table, else sinusoidal.
  Embedder(Var table, bool scale, int64_t learned_max_length, nn::Rng& rng);
  // ids i32 [B, T] at positions start.. -> [B, T, D].
  Var forward(const Tensor& ids, int64_t start = 0) const;

  Var table, positions;  // positions undefined when sinusoidal
  float scale = 1.f;
};

}  // namespace tolmach::transformer
