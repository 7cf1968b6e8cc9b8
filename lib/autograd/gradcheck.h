#pragma once
// Finite-difference gradient check for ops and layers (used by unit tests everywhere).
//
//   // f maps the inputs to any output; inputs are f32 tensors to differentiate.
//   auto r = gradcheck([](const std::vector<Var>& in) { return ops::matmul(in[0], in[1]); },
//                      {Tensor::from_vector({2, 3}, ...), Tensor::from_vector({3, 4}, ...)});
//   EXPECT_TRUE(r.ok) << r.report;
//
// It checks d L / d input for L = sum(f(inputs) * R), with R a fixed random tensor, by
// comparing the autograd gradient with central differences (L accumulated in double).
// An element passes when |analytic - numeric| <= atol + rtol * |numeric|. Tensors with more
// than max_checks elements are checked at a random sample of positions. f must be
// deterministic (e.g. dropout with a fixed seed). Constant inputs (ids, masks) are captured
// by f rather than passed in.
#include <functional>
#include <string>
#include <vector>

#include "autograd/var.h"
#include "tensor/random.h"  // random_uniform for test inputs

namespace tolmach {

struct GradCheckOptions {
  double eps = 1e-2;   // perturbation (f32 arithmetic: not too small)
  double atol = 2e-3;
  double rtol = 2e-2;
  int max_checks = 64;  // per input
  uint64_t seed = 1234;
};

struct GradCheckResult {
  bool ok = true;
  double max_abs_err = 0;
  std::string report;  // first failures, one per line
};

GradCheckResult gradcheck(const std::function<Var(const std::vector<Var>&)>& f, const std::vector<Tensor>& inputs,
                          const GradCheckOptions& opts = {});

}  // namespace tolmach
