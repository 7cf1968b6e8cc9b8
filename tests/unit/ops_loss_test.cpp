// Cross-entropy with label smoothing and ignored targets: value against a double reference
// built from log_softmax, and gradient checks.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "autograd/gradcheck.h"
#include "ops/ops.h"
#include "tensor/threads.h"

using namespace tolmach;

// Tiny problems: one thread is fastest and avoids OpenMP spin-wait contention when ctest
// runs several test processes at once.
static const bool kOneThread = (set_num_threads(1), true);

static double reference(const Tensor& logits, const std::vector<int32_t>& t, float e, int32_t ignore, bool mean) {
  int64_t V = logits.dim(-1), N = logits.numel() / V;
  auto lp = ops::log_softmax(logits.reshape({N, V})).to_vector();
  double total = 0;
  int count = 0;
  for (int64_t i = 0; i < N; ++i) {
    if (t[i] == ignore) continue;
    ++count;
    for (int64_t j = 0; j < V; ++j) {
      double q = (j == t[i] ? 1.0 - e : 0.0) + e / V;
      total -= q * lp[i * V + j];
    }
  }
  return mean ? total / count : total;
}

TEST(CrossEntropy, MatchesReference) {
  Tensor logits = random_uniform({2, 3, 5}, -3, 3, 1);
  std::vector<int32_t> t = {4, 0, -1, 2, -1, 1};
  Tensor targets = Tensor::from_ids({2, 3}, t);
  EXPECT_EQ(ops::count_targets(targets, -1), 4);
  for (float e : {0.f, 0.1f})
    for (bool mean : {true, false}) {
      ops::CrossEntropyOptions o{e, -1, mean};
      double got = ops::cross_entropy(Var(logits), targets, o).value().item();
      EXPECT_NEAR(got, reference(logits, t, e, -1, mean), 1e-5) << "e=" << e << " mean=" << mean;
    }
  // Uniform logits: loss = log V whatever the target.
  EXPECT_NEAR(ops::cross_entropy(Var(Tensor::zeros({1, 8})), Tensor::from_ids({1}, {3})).value().item(),
              std::log(8.0), 1e-5);
  EXPECT_THROW(ops::cross_entropy(Var(logits), Tensor::from_ids({2, 3}, {5, 0, 0, 0, 0, 0})), std::logic_error);
}

TEST(CrossEntropy, GradCheck) {
  Tensor targets = Tensor::from_ids({2, 3}, {4, 0, 0, 2, 0, 1});
  for (float e : {0.f, 0.2f}) {
    auto r = gradcheck(
        [&](const std::vector<Var>& in) { return ops::cross_entropy(in[0], targets, {e, 0, true}); },
        {random_uniform({2, 3, 5}, -2, 2, 2)});
    EXPECT_TRUE(r.ok) << "e=" << e << "\n" << r.report;
  }
}

TEST(CrossEntropy, IgnoredRowsGetNoGradient) {
  Var x = Var::param(random_uniform({3, 4}, -1, 1, 3));
  ops::cross_entropy(x, Tensor::from_ids({3}, {1, -1, 2}), {0.1f, -1, false}).backward();
  auto g = x.grad().to_vector();
  for (int j = 0; j < 4; ++j) EXPECT_EQ(g[4 + j], 0.f);
  double row0 = 0;
  for (int j = 0; j < 4; ++j) row0 += g[j];
  EXPECT_NEAR(row0, 0.0, 1e-5);  // softmax - q sums to zero (f32)
}

TEST(CrossEntropy, GradientIsSoftmaxMinusSmoothedTargetOnLargeLogits) {
  // Many rows (the parallel path) and logits of a trained model's range (+-30): the backward
  // pass rebuilds the softmax from each row's kept log-sum-exp; compare with a double reference.
  const int64_t N = 300, V = 50;
  const float e = 0.1f;
  Tensor logits = random_uniform({N, V}, -30, 30, 7);
  std::vector<int32_t> t(N);
  for (int64_t i = 0; i < N; ++i) t[i] = i % 7 == 3 ? -1 : static_cast<int32_t>((i * 13) % V);
  Var x = Var::param(logits);
  ops::cross_entropy(x, Tensor::from_ids({N}, t), {e, -1, false}).backward();
  const std::vector<float> g = x.grad().to_vector(), z = logits.to_vector();
  for (int64_t i = 0; i < N; ++i) {
    double m = z[i * V], sum = 0;
    for (int64_t j = 0; j < V; ++j) m = std::max<double>(m, z[i * V + j]);
    for (int64_t j = 0; j < V; ++j) sum += std::exp(z[i * V + j] - m);
    for (int64_t j = 0; j < V; ++j) {
      double want = t[i] < 0 ? 0.0 : std::exp(z[i * V + j] - m) / sum - (j == t[i] ? 1.0 - e : 0.0) - e / V;
      ASSERT_NEAR(g[i * V + j], want, 1e-5) << "row " << i << " column " << j;
    }
  }
}
