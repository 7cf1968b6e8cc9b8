// Activations, dropout and masking: forward values against closed forms, gradient checks.
#include <gtest/gtest.h>

#include <cmath>

#include "autograd/gradcheck.h"
#include "ops/ops.h"
#include "tensor/threads.h"

using namespace tolmach;

// Tiny problems: one thread is fastest and avoids OpenMP spin-wait contention when ctest
// runs several test processes at once.
static const bool kOneThread = (set_num_threads(1), true);

namespace {

// Values away from relu's kink at 0 so finite differences are valid.
Tensor away_from_zero(const Shape& s, uint64_t seed) {
  Tensor t = random_uniform(s, -2, 2, seed);
  float* p = t.data<float>();
  for (int64_t i = 0; i < t.numel(); ++i)
    if (std::fabs(p[i]) < 0.1f) p[i] += p[i] < 0 ? -0.2f : 0.2f;
  return t;
}

}  // namespace

TEST(Activation, ForwardValues) {
  Tensor x = Tensor::from_vector({5}, {-2.f, -0.5f, 0.f, 0.7f, 3.f});
  auto xs = x.to_vector();
  auto relu = ops::relu(x).to_vector(), gelu = ops::gelu(x).to_vector();
  auto th = ops::tanh(x).to_vector(), sg = ops::sigmoid(x).to_vector(), sw = ops::swish(x).to_vector();
  for (size_t i = 0; i < xs.size(); ++i) {
    double v = xs[i];
    EXPECT_FLOAT_EQ(relu[i], v > 0 ? v : 0);
    EXPECT_NEAR(gelu[i], 0.5 * v * (1 + std::erf(v / std::sqrt(2.0))), 1e-6);
    EXPECT_NEAR(th[i], std::tanh(v), 1e-6);
    EXPECT_NEAR(sg[i], 1 / (1 + std::exp(-v)), 1e-6);
    EXPECT_NEAR(sw[i], v / (1 + std::exp(-v)), 1e-6);
  }
}

TEST(Activation, GradCheck) {
  Tensor x = away_from_zero({3, 5}, 1);
  using Fn = Var (*)(const Var&);
  std::vector<std::pair<const char*, Fn>> fns = {
      {"relu", ops::relu}, {"gelu", ops::gelu}, {"tanh", ops::tanh}, {"sigmoid", ops::sigmoid},
      {"swish", ops::swish}};
  for (auto& [name, fn] : fns) {
    auto r = gradcheck([fn = fn](const std::vector<Var>& in) { return fn(in[0]); }, {x});
    EXPECT_TRUE(r.ok) << name << "\n" << r.report;
  }
  // Through a strided (transposed) input.
  auto r = gradcheck([](const std::vector<Var>& in) { return ops::tanh(ops::transpose(in[0], 0, 1)); }, {x});
  EXPECT_TRUE(r.ok) << r.report;
}

TEST(Dropout, KeepsExpectationAndIsReproducible) {
  Var x(Tensor::full({100000}, 1.f));
  Tensor y = ops::dropout(x, 0.3f, 42).value();
  auto v = y.to_vector();
  int64_t zeros = 0;
  double sum = 0;
  for (float f : v) {
    zeros += f == 0.f;
    sum += f;
    if (f != 0.f) {
      EXPECT_FLOAT_EQ(f, 1.f / 0.7f);
    }
  }
  EXPECT_NEAR(zeros / 1e5, 0.3, 0.01);
  EXPECT_NEAR(sum / 1e5, 1.0, 0.02);
  EXPECT_EQ(ops::dropout(x, 0.3f, 42).value().to_vector(), v);   // same seed, same mask
  EXPECT_NE(ops::dropout(x, 0.3f, 43).value().to_vector(), v);   // new seed, new mask
  EXPECT_EQ(ops::dropout(x, 0.f, 1).value().to_vector(), x.value().to_vector());
}

TEST(Dropout, GradCheck) {
  auto r = gradcheck([](const std::vector<Var>& in) { return ops::dropout(in[0], 0.5f, 7); },
                     {random_uniform({4, 6}, -1, 1, 2)});
  EXPECT_TRUE(r.ok) << r.report;
}

TEST(Mask, FillAndGradient) {
  Tensor x = Tensor::from_vector({2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor pad = ops::padding_mask({2, 1}, 3);  // [[0,0,1],[0,1,1]]
  EXPECT_EQ(ops::masked_fill(x, pad, -9.f).to_vector(), (std::vector<float>{1, 2, -9, 4, -9, -9}));
  Tensor causal = ops::causal_mask(3);
  EXPECT_EQ(causal.to_vector(), (std::vector<float>{0, 1, 1, 0, 0, 1, 0, 0, 0}));
  // Broadcast [1, 3] mask over rows.
  Tensor row = Tensor::from_vector({1, 3}, {1, 0, 0});
  EXPECT_EQ(ops::masked_fill(x, row, 0.f).to_vector(), (std::vector<float>{0, 2, 3, 0, 5, 6}));
  auto r = gradcheck([&](const std::vector<Var>& in) { return ops::masked_fill(in[0], pad, -1e4f); },
                     {random_uniform({2, 3}, -1, 1, 3)});
  EXPECT_TRUE(r.ok) << r.report;
  Var p = Var::param(x.clone());
  ops::sum(ops::masked_fill(p, pad, 0.f)).backward();
  EXPECT_EQ(p.grad().to_vector(), (std::vector<float>{1, 1, 0, 1, 0, 0}));
}

TEST(Unary, ExpLogSqrt) {
  Tensor x = random_uniform({3, 4}, 0.5f, 2.f, 9);
  auto e = ops::exp(x).to_vector(), l = ops::log(x).to_vector(), s = ops::sqrt(x).to_vector(), v = x.to_vector();
  for (size_t i = 0; i < v.size(); ++i) {
    EXPECT_NEAR(e[i], std::exp(v[i]), 1e-5 * std::exp(v[i]));
    EXPECT_NEAR(l[i], std::log(v[i]), 2e-5);  // oneDNN's vectorised log: ~1e-5 relative
    EXPECT_NEAR(s[i], std::sqrt(v[i]), 1e-6);
  }
  using Fn = Var (*)(const Var&);
  for (Fn fn : {static_cast<Fn>(ops::exp), static_cast<Fn>(ops::log), static_cast<Fn>(ops::sqrt)}) {
    auto r = gradcheck([fn](const std::vector<Var>& in) { return fn(in[0]); }, {x});
    EXPECT_TRUE(r.ok) << r.report;
  }
}

TEST(Unary, DivGradCheck) {
  Tensor a = random_uniform({2, 3}, -1, 1, 10), b = random_uniform({3}, 0.5f, 2.f, 11);
  EXPECT_NEAR(ops::div(a, b).at({1, 2}), a.at({1, 2}) / b.at({2}), 1e-6);
  auto r = gradcheck([](const std::vector<Var>& in) { return ops::div(in[0], in[1]); }, {a, b});
  EXPECT_TRUE(r.ok) << r.report;
  // Cosine similarity built from the pieces (as an attention scorer would).
  auto cos = [](const std::vector<Var>& in) {
    Var na = ops::sqrt(ops::sum(ops::mul(in[0], in[0]), {1}, true));
    Var nb = ops::sqrt(ops::sum(ops::mul(in[1], in[1]), {1}, true));
    return ops::matmul(ops::div(in[0], na), ops::div(in[1], nb), false, true);
  };
  auto r2 = gradcheck(cos, {random_uniform({3, 4}, -1, 1, 12), random_uniform({5, 4}, -1, 1, 13)});
  EXPECT_TRUE(r2.ok) << r2.report;
}

TEST(TopK, ValuesIndicesAndTies) {
  Tensor x = Tensor::from_vector({2, 5}, {0.1f, 0.9f, 0.5f, 0.9f, -1.f, 3.f, 2.f, 1.f, 0.f, 4.f});
  Tensor v, i;
  ops::topk(x, 3, v, i);
  EXPECT_EQ(i.to_vector(), (std::vector<float>{1, 3, 2, 4, 0, 1}));
  EXPECT_EQ(v.to_vector(), (std::vector<float>{0.9f, 0.9f, 0.5f, 4.f, 3.f, 2.f}));
  EXPECT_EQ(ops::argmax(x).to_vector(), (std::vector<float>{1, 4}));
  EXPECT_THROW(ops::topk(x, 6, v, i), std::logic_error);
}
