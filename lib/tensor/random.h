#pragma once
// Deterministic random tensors (parameter initialisation, tests). Same seed, same values,
// on every platform (mt19937_64 with our own transforms, not std:: distributions, whose
// output is implementation-defined).
#include <cstdint>

#include "tensor/tensor.h"

namespace tolmach {

Tensor random_uniform(const Shape& shape, float lo, float hi, uint64_t seed);
Tensor random_normal(const Shape& shape, float mean, float stddev, uint64_t seed);
// Glorot / Xavier uniform for a [fan_in, fan_out] (or [fan_out, fan_in]) matrix.
Tensor xavier_uniform(const Shape& shape, uint64_t seed);

}  // namespace tolmach
