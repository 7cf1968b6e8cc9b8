// lib/nn layers: initialisation statistics and reproducibility, parameter names and shapes,
// forward against the ops they compose, gradient checks through the layers. (Multi-head
// attention is the Transformer's: tests/unit/transformer_layers_test, transformer_step_test.)
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "autograd/gradcheck.h"
#include "nn/nn.h"
#include "ops/ops.h"
#include "tensor/threads.h"

using namespace tolmach;

// Tiny problems: one thread is fastest and avoids OpenMP spin-wait contention when ctest
// runs several test processes at once.
static const bool kOneThread = (set_num_threads(1), true);

namespace {

double mean_of(const std::vector<float>& v) {
  double s = 0;
  for (float x : v) s += x;
  return s / v.size();
}
double var_of(const std::vector<float>& v) {
  double m = mean_of(v), s = 0;
  for (float x : v) s += (x - m) * (x - m);
  return s / v.size();
}

}  // namespace

TEST(Init, XavierAndNormalStatisticsAndSeeds) {
  nn::Rng rng(7);
  Tensor w = nn::xavier_uniform({200, 300}, 300, 200, rng);
  double a = std::sqrt(6.0 / 500);
  auto v = w.to_vector();
  for (float x : v) ASSERT_LE(std::fabs(x), a);
  EXPECT_NEAR(var_of(v), a * a / 3, a * a / 3 * 0.03);
  EXPECT_NEAR(mean_of(v), 0, 0.01);
  Tensor e = nn::normal({300, 200}, 0.5f, rng);
  EXPECT_NEAR(std::sqrt(var_of(e.to_vector())), 0.5, 0.01);
  nn::Rng r1(3), r2(3), r3(4);
  EXPECT_EQ(nn::Linear(4, 5, r1).weight.value().to_vector(), nn::Linear(4, 5, r2).weight.value().to_vector());
  EXPECT_NE(nn::Linear(4, 5, r1).weight.value().to_vector(), nn::Linear(4, 5, r3).weight.value().to_vector());
}

TEST(Linear, ForwardAndGradCheck) {
  nn::Rng rng(1);
  nn::Linear lin(3, 4, rng);
  lin.bias = Var::param(random_uniform({4}, -1, 1, 2));
  Tensor x = random_uniform({2, 5, 3}, -1, 1, 3);
  Tensor y = lin.forward(Var(x)).value();
  ASSERT_EQ(y.shape(), Shape({2, 5, 4}));
  for (int64_t i = 0; i < 5; ++i)
    for (int64_t o = 0; o < 4; ++o) {
      double s = lin.bias.value().at({o});
      for (int64_t c = 0; c < 3; ++c) s += x.at({1, i, c}) * lin.weight.value().at({o, c});
      EXPECT_NEAR(y.at({1, i, o}), s, 1e-5);
    }
  auto f = [&lin](const std::vector<Var>& in) {
    nn::Linear l = lin;
    l.weight = in[1];
    l.bias = in[2];
    return l.forward(in[0]);
  };
  auto r = gradcheck(f, {x, lin.weight.value(), lin.bias.value()});
  EXPECT_TRUE(r.ok) << r.report;
  auto names = lin.parameters();
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[0].first, "weight");
  EXPECT_EQ(names[0].second.shape(), Shape({4, 3}));
  EXPECT_EQ(nn::Linear(3, 4, rng, false).parameters().size(), 1u);
}

TEST(Embedding, LooksUpRowsWithNormalInit) {
  nn::Rng rng(5);
  nn::Embedding emb(1000, 64, rng);
  EXPECT_NEAR(std::sqrt(var_of(emb.weight.value().to_vector())), 1 / 8.0, 0.003);
  Tensor y = emb.forward(Tensor::from_ids({2, 2}, {3, 999, 0, 3})).value();
  ASSERT_EQ(y.shape(), Shape({2, 2, 64}));
  for (int64_t j = 0; j < 64; ++j) {
    EXPECT_EQ(y.at({0, 0, j}), emb.weight.value().at({3, j}));
    EXPECT_EQ(y.at({1, 1, j}), emb.weight.value().at({3, j}));
    EXPECT_EQ(y.at({0, 1, j}), emb.weight.value().at({999, j}));
  }
}

TEST(LayerNorm, NormalisesLastDim) {
  nn::LayerNorm ln(6);
  auto y = ln.forward(Var(random_uniform({3, 6}, -5, 5, 1))).value();
  for (int64_t i = 0; i < 3; ++i) {
    std::vector<float> row(6);
    for (int64_t j = 0; j < 6; ++j) row[j] = y.at({i, j});
    EXPECT_NEAR(mean_of(row), 0, 1e-5);
    EXPECT_NEAR(var_of(row), 1, 1e-3);
  }
  EXPECT_EQ(ln.parameters().size(), 2u);
}

TEST(LSTM, StackedBidirectionalComposesLayersAndGradChecks) {
  nn::Rng rng(9);
  const int64_t B = 2, T = 4, I = 3, H = 2;
  nn::LSTM lstm(I, H, 2, true, rng);
  auto params = lstm.parameters();
  ASSERT_EQ(params.size(), 6u);
  EXPECT_EQ(params[0].first, "l0.weights_layer");
  EXPECT_EQ(params[0].second.shape(), Shape({1, 2, I, 4, H}));
  EXPECT_EQ(params[3].first, "l1.weights_layer");
  EXPECT_EQ(params[3].second.shape(), Shape({1, 2, 2 * H, 4, H}));
  std::vector<int64_t> len = {4, 3};
  Tensor x = random_uniform({B, T, I}, -1, 1, 10), h0 = random_uniform({4, B, H}, -1, 1, 11),
         c0 = random_uniform({4, B, H}, -1, 1, 12);
  auto o = lstm.forward(Var(x), len, Var(h0), Var(c0));
  ASSERT_EQ(o.h.shape(), Shape({4, B, H}));
  // Same as running the two layers by hand.
  const auto &w0 = lstm.layers[0], &w1 = lstm.layers[1];
  auto a = ops::lstm(Var(x), len, w0.weights_layer, w0.weights_iter, w0.bias, Var(h0.slice(0, 0, 2)),
                     Var(c0.slice(0, 0, 2)));
  auto b = ops::lstm(a.y, len, w1.weights_layer, w1.weights_iter, w1.bias, Var(h0.slice(0, 2, 4)),
                     Var(c0.slice(0, 2, 4)));
  EXPECT_EQ(o.y.value().to_vector(), b.y.value().to_vector());
  EXPECT_EQ(o.c.value().slice(0, 0, 2).contiguous().to_vector(), a.c.value().to_vector());
  EXPECT_EQ(o.h.value().slice(0, 2, 4).contiguous().to_vector(), b.h.value().to_vector());

  auto f = [&lstm, len](const std::vector<Var>& in) {
    auto r = lstm.forward(in[0], len, in[1], in[2]);
    return ops::concat({ops::reshape(r.y, {-1}), ops::reshape(r.h, {-1}), ops::reshape(r.c, {-1})}, 0);
  };
  auto r = gradcheck(f, {x, h0, c0});
  EXPECT_TRUE(r.ok) << r.report;
  // Parameters get gradients through both layers.
  for (auto& [name, p] : params) p.zero_grad();
  ops::sum(o.y).backward();
  auto o2 = lstm.forward(Var(x), len, Var(h0), Var(c0));
  ops::sum(o2.y).backward();
  for (auto& [name, p] : params) EXPECT_TRUE(p.grad().defined()) << name;
}

TEST(LSTMCell, StepsLikeTheOp) {
  nn::Rng rng(13);
  nn::LSTMCell cell(3, 4, rng);
  EXPECT_EQ(cell.parameters()[1].first, "weights_iter");
  Tensor x = random_uniform({2, 3}, -1, 1, 14);
  auto s = cell.forward(Var(x), cell.zero_state(2));
  auto o = ops::lstm(Var(x.unsqueeze(1)), {1, 1}, cell.w.weights_layer, cell.w.weights_iter, cell.w.bias);
  auto sh = s.h.value().to_vector(), sc = s.c.value().to_vector();
  auto oh = o.h.value().to_vector(), oc = o.c.value().to_vector();
  for (size_t i = 0; i < sh.size(); ++i) {
    EXPECT_NEAR(sh[i], oh[i], 1e-6);
    EXPECT_NEAR(sc[i], oc[i], 1e-6);
  }
}
