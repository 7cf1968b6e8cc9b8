#pragma once
// Arithmetic operators on Vars, for readable model code: (a + b) * c - 1.f.
// They are the broadcasting ops of ops/binary.h.
#include "ops/binary.h"

namespace tolmach {

inline Var operator+(const Var& a, const Var& b) { return ops::add(a, b); }
inline Var operator-(const Var& a, const Var& b) { return ops::sub(a, b); }
inline Var operator*(const Var& a, const Var& b) { return ops::mul(a, b); }
inline Var operator/(const Var& a, const Var& b) { return ops::div(a, b); }
inline Var operator+(const Var& a, float s) { return ops::add_scalar(a, s); }
inline Var operator-(const Var& a, float s) { return ops::add_scalar(a, -s); }
inline Var operator*(const Var& a, float s) { return ops::scale(a, s); }
inline Var operator*(float s, const Var& a) { return ops::scale(a, s); }
inline Var operator-(const Var& a) { return ops::scale(a, -1.f); }

}  // namespace tolmach
