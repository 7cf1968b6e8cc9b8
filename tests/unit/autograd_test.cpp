// The tape: accumulation over shared inputs, no-grad mode, parameters keeping gradients,
// broadcast add / mul / sum / mean gradients.
#include "autograd/var.h"

#include <gtest/gtest.h>

#include "autograd/gradcheck.h"
#include "ops/ops.h"
#include "tensor/threads.h"

using namespace tolmach;

// Tiny problems: one thread is fastest and avoids OpenMP spin-wait contention when ctest
// runs several test processes at once.
static const bool kOneThread = (set_num_threads(1), true);

TEST(Autograd, SharedInputAccumulates) {
  Var x = Var::param(Tensor::from_vector({3}, {1, 2, 3}));
  // y = sum(x*x + x): dy/dx = 2x + 1
  Var y = ops::sum(ops::add(ops::mul(x, x), x));
  EXPECT_FLOAT_EQ(y.value().item(), 1 + 4 + 9 + 6);
  y.backward();
  EXPECT_EQ(x.grad().to_vector(), (std::vector<float>{3, 5, 7}));
  // A second graph adds to the parameter's gradient until zero_grad().
  ops::sum(x).backward();
  EXPECT_EQ(x.grad().to_vector(), (std::vector<float>{4, 6, 8}));
  x.zero_grad();
  EXPECT_FALSE(x.grad().defined());
}

TEST(Autograd, NoGradRecordsNothing) {
  Var w = Var::param(Tensor::from_vector({2}, {1, 2}));
  NoGradGuard ng;
  Var y = ops::mul(w, w);
  EXPECT_FALSE(y.requires_grad());
  EXPECT_EQ(y.node()->inputs.size(), 0u);
}

TEST(Autograd, ConstantsGetNoGradient) {
  Var c(Tensor::from_vector({2}, {1, 2}));
  Var w = Var::param(Tensor::from_vector({2}, {3, 4}));
  ops::sum(ops::mul(c, w)).backward();
  EXPECT_FALSE(c.grad().defined());
  EXPECT_EQ(w.grad().to_vector(), (std::vector<float>{1, 2}));
}

TEST(Autograd, DetachStopsGradient) {
  Var a = Var::param(Tensor::from_vector({1}, {3}));
  Var y = ops::sum(ops::mul(a, a.detach()));  // d/da = a (the detached factor is a constant)
  y.backward();
  EXPECT_FLOAT_EQ(a.grad().item(), 3.f);
}

TEST(Autograd, DiamondGraph) {
  // z = (a*b) + (a*b)*a, shared subexpression reached twice.
  Var a = Var::param(Tensor::from_vector({1}, {2})), b = Var::param(Tensor::from_vector({1}, {3}));
  Var ab = ops::mul(a, b);
  Var z = ops::sum(ops::add(ab, ops::mul(ab, a)));
  z.backward();
  EXPECT_FLOAT_EQ(a.grad().item(), 3 + 2 * 2 * 3);  // b + 2ab
  EXPECT_FLOAT_EQ(b.grad().item(), 2 + 2 * 2);      // a + a^2
}

TEST(GradCheck, BroadcastBinary) {
  Tensor a = random_uniform({2, 3, 4}, -1, 1, 1), b = random_uniform({3, 1}, -1, 1, 2);
  for (int op = 0; op < 3; ++op) {
    auto r = gradcheck(
        [&](const std::vector<Var>& in) {
          if (op == 0) return ops::add(in[0], in[1]);
          if (op == 1) return ops::sub(in[1], in[0]);  // broadcast on the left operand
          return ops::mul(in[0], in[1]);
        },
        {a, b});
    EXPECT_TRUE(r.ok) << "op " << op << "\n" << r.report;
  }
}

TEST(GradCheck, ScalarOps) {
  auto r = gradcheck([](const std::vector<Var>& in) { return ops::add_scalar(ops::scale(in[0], -1.5f), 2.f); },
                     {random_uniform({3, 2}, -1, 1, 3)});
  EXPECT_TRUE(r.ok) << r.report;
}

TEST(GradCheck, SumAndMean) {
  Tensor x = random_uniform({2, 3, 4}, -1, 1, 4);
  auto r1 = gradcheck([](const std::vector<Var>& in) { return ops::sum(in[0], {1}); }, {x});
  EXPECT_TRUE(r1.ok) << r1.report;
  auto r2 = gradcheck([](const std::vector<Var>& in) { return ops::mean(in[0], {0, 2}, true); }, {x});
  EXPECT_TRUE(r2.ok) << r2.report;
  auto r3 = gradcheck([](const std::vector<Var>& in) { return ops::mean(in[0]); }, {x});
  EXPECT_TRUE(r3.ok) << r3.report;
  EXPECT_NEAR(ops::mean(Var(x)).value().item(), ops::sum(x).item() / 24, 1e-6);
}

TEST(GradCheck, DetectsAWrongGradient) {
  // A deliberately wrong backward (gradient doubled) must fail the check.
  auto bad = [](const std::vector<Var>& in) {
    Var x = in[0];
    return Var::make(ops::mul(x.value(), x.value()), {x}, [x](const Tensor& g) {
      x.add_grad(ops::scale(ops::mul(g, x.value()), 4.f));
    });
  };
  auto r = gradcheck(bad, {random_uniform({4}, 0.5f, 1, 5)});
  EXPECT_FALSE(r.ok);
}

TEST(Autograd, Operators) {
  Var a = Var::param(Tensor::from_vector({2}, {1, 2})), b = Var::param(Tensor::from_vector({2}, {3, 5}));
  Var y = ops::sum((a + b) * a - b / a * 2.f + 1.f);  // per element: a^2 + ab - 2b/a + 1
  EXPECT_FLOAT_EQ(y.value().item(), (1 + 3 - 6 + 1) + (4 + 10 - 5 + 1));
  y.backward();
  // d/da = 2a + b + 2b/a^2, d/db = a - 2/a
  EXPECT_FLOAT_EQ(a.grad().at({0}), 2 + 3 + 6);
  EXPECT_FLOAT_EQ(a.grad().at({1}), 4 + 5 + 2.5f);
  EXPECT_FLOAT_EQ(b.grad().at({0}), 1 - 2);
  EXPECT_FLOAT_EQ(b.grad().at({1}), 2 - 1);
  EXPECT_EQ((-a).value().to_vector(), (std::vector<float>{-1, -2}));
}

TEST(Autograd, GradientBufferHandOffKeepsValuesRight) {
  // backward() lets an input adopt the output gradient's buffer instead of copying it; the
  // same Var on both sides of an op, and views used twice, must still come out right.
  Var x = Var::param(Tensor::from_vector({2, 2}, {1, 2, 3, 4}));
  ops::sum(x + x).backward();
  EXPECT_EQ(x.grad().to_vector(), (std::vector<float>{2, 2, 2, 2}));
  x.zero_grad();
  ops::sum(ops::scale(x - x, 3.f) + x).backward();
  EXPECT_EQ(x.grad().to_vector(), (std::vector<float>{1, 1, 1, 1}));
  x.zero_grad();
  Var r = ops::reshape(ops::scale(x, 2.f), {4});  // r = 2x, used twice below
  ops::sum(ops::reshape(r, {2, 2}) * ops::reshape(r, {2, 2}) + ops::reshape(r, {2, 2})).backward();
  // d/dx sum(4x^2 + 2x) = 8x + 2
  EXPECT_EQ(x.grad().to_vector(), (std::vector<float>{10, 18, 26, 34}));
}
