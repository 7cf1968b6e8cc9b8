#pragma once
// The learning rate of update u (1-based): Marian's warm-up and inverse-sqrt decay, and a
// linear cooldown (fairseq's polynomial_decay to 0; Marian has none); each part is off at 0:
//   warm-up    lr * u / warmup up to update `warmup`
//   decay      lr * sqrt(decay_inv_sqrt / u) after update `decay_inv_sqrt` (with decay_inv_sqrt
//              == warmup: Vaswani et al.'s schedule, fairseq's inverse_sqrt)
//   cooldown   then linearly down over the last `cooldown` updates up to update `end`, reaching
//              0 one update after it: a fixed budget of updates ends better annealed than at a
//              high rate
#include <cstdint>

namespace tolmach {

struct LrSchedule {
  float lr = 1e-4f;
  int64_t warmup = 0;
  int64_t decay_inv_sqrt = 0;
  int64_t end = 0;       // the last update (needed by cooldown)
  int64_t cooldown = 0;

  float at(int64_t u) const;
};

}  // namespace tolmach
