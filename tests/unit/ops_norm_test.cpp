// softmax, log-softmax and layer norm: forward against double-precision references,
// gradient checks (also on a middle axis and a strided input).
#include <gtest/gtest.h>

#include <cmath>

#include "autograd/gradcheck.h"
#include "ops/ops.h"
#include "tensor/threads.h"

using namespace tolmach;

// Tiny problems: one thread is fastest and avoids OpenMP spin-wait contention when ctest
// runs several test processes at once.
static const bool kOneThread = (set_num_threads(1), true);

TEST(Softmax, ForwardMatchesReference) {
  Tensor x = random_uniform({3, 7}, -4, 4, 1);
  auto s = ops::softmax(x).to_vector(), ls = ops::log_softmax(x).to_vector(), v = x.to_vector();
  for (int i = 0; i < 3; ++i) {
    double mx = -1e30, z = 0;
    for (int j = 0; j < 7; ++j) mx = std::max(mx, double(v[i * 7 + j]));
    for (int j = 0; j < 7; ++j) z += std::exp(v[i * 7 + j] - mx);
    for (int j = 0; j < 7; ++j) {
      double lp = v[i * 7 + j] - mx - std::log(z);
      EXPECT_NEAR(ls[i * 7 + j], lp, 1e-5);
      EXPECT_NEAR(s[i * 7 + j], std::exp(lp), 1e-6);
    }
  }
  // Large logits stay finite.
  auto big = ops::softmax(Tensor::from_vector({2}, {1000.f, 0.f})).to_vector();
  EXPECT_FLOAT_EQ(big[0], 1.f);
}

TEST(Softmax, LogSoftmaxIntoAnyBufferOrInPlace) {
  // [2, 3, 5]: rows over the last axis; a transposed view is made contiguous first.
  Tensor x = random_uniform({2, 3, 5}, -4, 4, 2);
  const std::vector<float> want = ops::log_softmax(x).to_vector();
  std::vector<float> out(want.size(), 7.f);
  ops::log_softmax_into(x, out.data());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_FLOAT_EQ(out[i], want[i]) << i;
  Tensor same = x.clone();
  ops::log_softmax_into(same, same.data<float>());
  EXPECT_EQ(same.to_vector(), want);
  Tensor t = random_uniform({5, 3}, -4, 4, 3);
  std::vector<float> tout(15);
  ops::log_softmax_into(t.transpose(0, 1), tout.data());
  EXPECT_EQ(tout, ops::log_softmax(t.transpose(0, 1).contiguous()).to_vector());
}

TEST(Softmax, GradCheck) {
  Tensor x = random_uniform({2, 3, 5}, -2, 2, 2);
  for (int axis : {-1, 1}) {
    auto r1 = gradcheck([axis](const std::vector<Var>& in) { return ops::softmax(in[0], axis); }, {x});
    EXPECT_TRUE(r1.ok) << "softmax axis " << axis << "\n" << r1.report;
    auto r2 = gradcheck([axis](const std::vector<Var>& in) { return ops::log_softmax(in[0], axis); }, {x});
    EXPECT_TRUE(r2.ok) << "log_softmax axis " << axis << "\n" << r2.report;
  }
  auto r3 = gradcheck([](const std::vector<Var>& in) { return ops::softmax(ops::transpose(in[0], 1, 2)); }, {x});
  EXPECT_TRUE(r3.ok) << r3.report;
}

TEST(LayerNorm, ForwardMatchesReference) {
  Tensor x = random_uniform({4, 6}, -3, 3, 3), g = random_uniform({6}, 0.5, 1.5, 4), b = random_uniform({6}, -1, 1, 5);
  auto y = ops::layer_norm(x, g, b).to_vector();
  auto xv = x.to_vector(), gv = g.to_vector(), bv = b.to_vector();
  for (int i = 0; i < 4; ++i) {
    double m = 0, var = 0;
    for (int j = 0; j < 6; ++j) m += xv[i * 6 + j] / 6.0;
    for (int j = 0; j < 6; ++j) var += (xv[i * 6 + j] - m) * (xv[i * 6 + j] - m) / 6.0;
    for (int j = 0; j < 6; ++j)
      EXPECT_NEAR(y[i * 6 + j], (xv[i * 6 + j] - m) / std::sqrt(var + 1e-5) * gv[j] + bv[j], 1e-5);
  }
}

TEST(LayerNorm, GradCheck) {
  auto r = gradcheck([](const std::vector<Var>& in) { return ops::layer_norm(in[0], in[1], in[2]); },
                     {random_uniform({2, 3, 8}, -2, 2, 6), random_uniform({8}, 0.5, 1.5, 7),
                      random_uniform({8}, -1, 1, 8)});
  EXPECT_TRUE(r.ok) << r.report;
}
