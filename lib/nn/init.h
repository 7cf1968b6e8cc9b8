#pragma once
// Seeded parameter initialisation. Rng is a portable generator (mt19937_64 with our own
// float conversions), so the same seed gives the same model on every platform.
#include <cstdint>
#include <random>

#include "tensor/tensor.h"

namespace tolmach::nn {

class Rng {
 public:
  explicit Rng(uint64_t seed) : gen_(seed) {}
  double uniform();  // [0, 1)
  double normal();   // standard normal (Box-Muller)
  uint64_t next() { return gen_(); }

 private:
  std::mt19937_64 gen_;
};

// While one lives (on this thread), the functions below return uninitialised tensors: a
// model about to be overwritten by stored weights skips drawing ~10^7 random numbers.
class SkipInitGuard {
 public:
  SkipInitGuard();
  ~SkipInitGuard();
  SkipInitGuard(const SkipInitGuard&) = delete;
  SkipInitGuard& operator=(const SkipInitGuard&) = delete;

 private:
  bool previous_;
};

Tensor uniform(const Shape& shape, float lo, float hi, Rng& rng);
Tensor normal(const Shape& shape, float stddev, Rng& rng);
// Glorot & Bengio (2010): U(-a, a) with a = sqrt(6 / (fan_in + fan_out)).
Tensor xavier_uniform(const Shape& shape, int64_t fan_in, int64_t fan_out, Rng& rng);

}  // namespace tolmach::nn
