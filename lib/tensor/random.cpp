#include "tensor/random.h"

#include <cmath>
#include <random>

namespace tolmach {

namespace {

// Uniform in [0, 1) from the top 24 bits: exact in float, identical everywhere.
float unit(std::mt19937_64& rng) { return static_cast<float>(rng() >> 40) * (1.0f / 16777216.0f); }

}  // namespace

Tensor random_uniform(const Shape& shape, float lo, float hi, uint64_t seed) {
  std::mt19937_64 rng(seed);
  Tensor t = Tensor::empty(shape);
  float* p = t.data<float>();
  for (int64_t i = 0; i < t.numel(); ++i) p[i] = lo + (hi - lo) * unit(rng);
  return t;
}

Tensor random_normal(const Shape& shape, float mean, float stddev, uint64_t seed) {
  std::mt19937_64 rng(seed);
  Tensor t = Tensor::empty(shape);
  float* p = t.data<float>();
  int64_t n = t.numel();
  for (int64_t i = 0; i < n; i += 2) {  // Box-Muller: two normals per pair of uniforms
    double u1 = (static_cast<double>(rng() >> 11) + 1.0) * (1.0 / 9007199254740992.0);  // (0, 1]
    double u2 = static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0);
    double r = std::sqrt(-2.0 * std::log(u1)), a = 2.0 * M_PI * u2;
    p[i] = static_cast<float>(mean + stddev * r * std::cos(a));
    if (i + 1 < n) p[i + 1] = static_cast<float>(mean + stddev * r * std::sin(a));
  }
  return t;
}

Tensor xavier_uniform(const Shape& shape, uint64_t seed) {
  TOLMACH_CHECK(shape.size() == 2, "xavier_uniform needs a matrix shape, got " + shape_str(shape));
  float limit = std::sqrt(6.f / static_cast<float>(shape[0] + shape[1]));
  return random_uniform(shape, -limit, limit, seed);
}

}  // namespace tolmach
