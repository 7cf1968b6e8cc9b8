#pragma once
// Token embeddings scaled by sqrt(D) (Vaswani et al. 3.4) plus positions: sinusoidal
// (fixed, any length) in one of two layouts, or learned (a [max-length, D] table).
#include <cstdint>

#include "autograd/var.h"
#include "models/transformer/config.h"
#include "nn/init.h"

namespace tolmach::transformer {

// "sinusoidal" (Vaswani et al., interleaved): PE(p, 2i) = sin(p / 10000^(2i/D)), PE(p, 2i+1) = cos(..).
// "sinusoidal-marian" (tensor2tensor's layout, which Marian uses): the first D/2 columns are
// sin(p / 10000^(i/(D/2-1))), the last D/2 the cos of the same. For p in [start, start + T).
Tensor sinusoidal_positions(int64_t start, int64_t T, int64_t D, bool marian_layout = false);

class Embedder {
 public:
  Embedder() = default;
  // table: [V, D] token embeddings (may be shared with another Embedder or the output layer);
  // scaling and positions as the config says.
  Embedder(Var table, const TransformerConfig& config, nn::Rng& rng);
  // ids i32 [B, T] at positions start.. -> [B, T, D].
  Var forward(const Tensor& ids, int64_t start = 0) const;

  Var table, positions;  // positions undefined when sinusoidal
  float scale = 1.f;
  bool marian_layout = false;  // of sinusoidal positions
};

}  // namespace tolmach::transformer
