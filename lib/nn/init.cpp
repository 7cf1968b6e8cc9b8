#include "nn/init.h"

#include <cmath>

namespace tolmach::nn {

double Rng::uniform() { return static_cast<double>(gen_() >> 11) * 0x1.0p-53; }

double Rng::normal() {
  double u1 = 1.0 - uniform(), u2 = uniform();  // u1 in (0, 1]
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

namespace {
thread_local bool skip_init = false;
}  // namespace

SkipInitGuard::SkipInitGuard() : previous_(skip_init) { skip_init = true; }
SkipInitGuard::~SkipInitGuard() { skip_init = previous_; }

Tensor uniform(const Shape& shape, float lo, float hi, Rng& rng) {
  Tensor t = Tensor::empty(shape);
  if (skip_init) return t;
  float* p = t.data<float>();
  for (int64_t i = 0; i < t.numel(); ++i) p[i] = static_cast<float>(lo + (hi - lo) * rng.uniform());
  return t;
}

Tensor normal(const Shape& shape, float stddev, Rng& rng) {
  Tensor t = Tensor::empty(shape);
  if (skip_init) return t;
  float* p = t.data<float>();
  for (int64_t i = 0; i < t.numel(); ++i) p[i] = static_cast<float>(stddev * rng.normal());
  return t;
}

Tensor xavier_uniform(const Shape& shape, int64_t fan_in, int64_t fan_out, Rng& rng) {
  float a = static_cast<float>(std::sqrt(6.0 / static_cast<double>(fan_in + fan_out)));
  return uniform(shape, -a, a, rng);
}

}  // namespace tolmach::nn
