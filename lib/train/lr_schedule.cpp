#include "train/lr_schedule.h"

#include <algorithm>
#include <cmath>

namespace tolmach {

float LrSchedule::at(int64_t u) const {
  double rate = lr;
  if (warmup > 0 && u < warmup) rate *= double(u) / warmup;
  if (decay_inv_sqrt > 0 && u > decay_inv_sqrt) rate *= std::sqrt(double(decay_inv_sqrt) / u);
  const int64_t left = end - u + 1;
  if (cooldown > 0 && left < cooldown) rate *= double(std::max<int64_t>(left, 0)) / cooldown;
  return static_cast<float>(rate);
}

}  // namespace tolmach
