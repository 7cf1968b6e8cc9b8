#pragma once
// Inverted dropout: zero each element with probability p, scale the rest by 1/(1-p).
// The mask comes from a counter-based hash of (seed, element index), so it is reproducible
// from the seed alone (no hidden RNG state to checkpoint) and identical in forward/backward.
// Callers pass a fresh seed per call while training and skip dropout at inference.
#include <cstdint>

#include "autograd/var.h"

namespace tolmach::ops {

Var dropout(const Var& x, float p, uint64_t seed);

}  // namespace tolmach::ops
