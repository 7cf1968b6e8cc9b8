#pragma once
// Learning-rate schedules, as a function of the 1-based update number.
//   constant:              lr
//   warmup + inverse sqrt: lr * min(step / warmup, sqrt(warmup / step))   (Vaswani et al.;
//                          peaks at lr at step == warmup, like fairseq's inverse_sqrt)
//   warmup + linear decay: lr * step / warmup up to warmup, then linearly to 0 at total
#include <cstdint>
#include <memory>
#include <string>

namespace tolmach {

class LrSchedule {
 public:
  virtual ~LrSchedule() = default;
  virtual float at(int64_t step) const = 0;
};

std::unique_ptr<LrSchedule> constant_lr(float lr);
std::unique_ptr<LrSchedule> warmup_inverse_sqrt(float lr, int64_t warmup);
std::unique_ptr<LrSchedule> warmup_linear(float lr, int64_t warmup, int64_t total);

// By name: "constant", "inverse-sqrt", "linear" (throws UsageError for anything else or
// for warmup/total that the schedule cannot use).
std::unique_ptr<LrSchedule> make_lr_schedule(const std::string& name, float lr, int64_t warmup, int64_t total);

}  // namespace tolmach
