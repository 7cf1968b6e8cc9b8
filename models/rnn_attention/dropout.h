#pragma once
// Dropout settings of one forward pass: off at inference (p = 0), and while training a
// fresh seed per update, mixed with a tag per call site / time step so every mask differs.
#include <cstdint>

#include "autograd/var.h"
#include "ops/dropout.h"

namespace tolmach::rnn {

struct Dropout {
  float p = 0.f;
  uint64_t seed = 0;
  Var operator()(const Var& x, uint64_t tag) const {
    return p > 0.f ? ops::dropout(x, p, seed * 0x100000001b3ull + tag) : x;
  }
};

}  // namespace tolmach::rnn
