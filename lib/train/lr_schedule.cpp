#include "train/lr_schedule.h"

#include <algorithm>
#include <cmath>

#include "io/error.h"

namespace tolmach {

namespace {

class Constant : public LrSchedule {
 public:
  explicit Constant(float lr) : lr_(lr) {}
  float at(int64_t) const override { return lr_; }

 private:
  float lr_;
};

class WarmupInvSqrt : public LrSchedule {
 public:
  WarmupInvSqrt(float lr, int64_t warmup) : lr_(lr), warmup_(std::max<int64_t>(1, warmup)) {}
  float at(int64_t step) const override {
    double s = static_cast<double>(std::max<int64_t>(1, step)), w = static_cast<double>(warmup_);
    return static_cast<float>(lr_ * std::min(s / w, std::sqrt(w / s)));
  }

 private:
  float lr_;
  int64_t warmup_;
};

class WarmupLinear : public LrSchedule {
 public:
  WarmupLinear(float lr, int64_t warmup, int64_t total) : lr_(lr), warmup_(warmup), total_(total) {}
  float at(int64_t step) const override {
    double s = static_cast<double>(std::max<int64_t>(1, step));
    if (warmup_ > 0 && s < warmup_) return static_cast<float>(lr_ * s / warmup_);
    double left = static_cast<double>(total_ - step) / static_cast<double>(total_ - warmup_);
    return static_cast<float>(lr_ * std::clamp(left, 0.0, 1.0));
  }

 private:
  float lr_;
  int64_t warmup_, total_;
};

}  // namespace

std::unique_ptr<LrSchedule> constant_lr(float lr) { return std::make_unique<Constant>(lr); }
std::unique_ptr<LrSchedule> warmup_inverse_sqrt(float lr, int64_t warmup) {
  return std::make_unique<WarmupInvSqrt>(lr, warmup);
}
std::unique_ptr<LrSchedule> warmup_linear(float lr, int64_t warmup, int64_t total) {
  if (total <= warmup || warmup < 0) throw UsageError("linear schedule needs 0 <= warmup < total steps");
  return std::make_unique<WarmupLinear>(lr, warmup, total);
}

std::unique_ptr<LrSchedule> make_lr_schedule(const std::string& name, float lr, int64_t warmup, int64_t total) {
  if (name == "constant") return constant_lr(lr);
  if (name == "inverse-sqrt") {
    if (warmup < 1) throw UsageError("inverse-sqrt schedule needs warmup >= 1");
    return warmup_inverse_sqrt(lr, warmup);
  }
  if (name == "linear") return warmup_linear(lr, warmup, total);
  throw UsageError("unknown learning-rate schedule '" + name + "' (constant, inverse-sqrt, linear)");
}

}  // namespace tolmach
