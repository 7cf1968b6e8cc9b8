// LSTM op: forward against a plain double-precision LSTM (gate order i, f, g, o in ldigo),
// padding never leaks (outputs, final states, gradients), gradient checks for the
// bidirectional op with initial states and for the single-step cell.
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

double sigm(double v) { return 1 / (1 + std::exp(-v)); }

// Reference: one direction over x[b, 0..L) of a [B, T, I] tensor (reversed when rev).
// Writes outputs at their original positions; returns final h, c.
void reference(const Tensor& x, int64_t b, int64_t L, bool rev, const Tensor& wl, const Tensor& wi, const Tensor& bias,
               int d, std::vector<double> h, std::vector<double> c, std::vector<std::vector<double>>& y,
               std::vector<double>& hn, std::vector<double>& cn) {
  int64_t I = x.dim(2), H = wl.dim(4);
  y.assign(x.dim(1), std::vector<double>(H, 0.0));
  for (int64_t s = 0; s < L; ++s) {
    int64_t t = rev ? L - 1 - s : s;
    std::vector<double> gates(4 * H);
    for (int64_t g = 0; g < 4 * H; ++g) {
      double a = bias.at({0, d, g / H, g % H});
      for (int64_t i = 0; i < I; ++i) a += x.at({b, t, i}) * wl.at({0, d, i, g / H, g % H});
      for (int64_t j = 0; j < H; ++j) a += h[j] * wi.at({0, d, j, g / H, g % H});
      gates[g] = a;
    }
    for (int64_t j = 0; j < H; ++j) {
      double ig = sigm(gates[j]), fg = sigm(gates[H + j]), gg = std::tanh(gates[2 * H + j]), og = sigm(gates[3 * H + j]);
      c[j] = fg * c[j] + ig * gg;
      h[j] = og * std::tanh(c[j]);
      y[t][j] = h[j];
    }
  }
  hn = h;
  cn = c;
}

struct Weights {
  Tensor wl, wi, b;
};

Weights weights(int64_t D, int64_t I, int64_t H, uint64_t seed) {
  return {random_uniform({1, D, I, 4, H}, -0.5, 0.5, seed), random_uniform({1, D, H, 4, H}, -0.5, 0.5, seed + 1),
          random_uniform({1, D, 4, H}, -0.5, 0.5, seed + 2)};
}

ops::LstmOutput run(const Tensor& x, const std::vector<int64_t>& len, const Weights& w, const Tensor& h0 = Tensor(),
                    const Tensor& c0 = Tensor()) {
  return ops::lstm(Var(x), len, Var(w.wl), Var(w.wi), Var(w.b), h0.defined() ? Var(h0) : Var(),
                   c0.defined() ? Var(c0) : Var());
}

}  // namespace

TEST(Lstm, ForwardMatchesReferenceBothDirections) {
  const int64_t B = 3, T = 5, I = 4, H = 3, D = 2;
  std::vector<int64_t> len = {5, 2, 4};
  Tensor x = random_uniform({B, T, I}, -1, 1, 1);
  Weights w = weights(D, I, H, 2);
  Tensor h0 = random_uniform({D, B, H}, -0.5, 0.5, 5), c0 = random_uniform({D, B, H}, -0.5, 0.5, 6);
  auto o = run(x, len, w, h0, c0);
  ASSERT_EQ(o.y.shape(), Shape({B, T, D * H}));
  ASSERT_EQ(o.h.shape(), Shape({D, B, H}));
  for (int64_t b = 0; b < B; ++b)
    for (int d = 0; d < D; ++d) {
      std::vector<double> hi(H), ci(H), hn, cn;
      for (int64_t j = 0; j < H; ++j) hi[j] = h0.at({d, b, j}), ci[j] = c0.at({d, b, j});
      std::vector<std::vector<double>> y;
      reference(x, b, len[b], d == 1, w.wl, w.wi, w.b, d, hi, ci, y, hn, cn);
      for (int64_t t = 0; t < T; ++t)
        for (int64_t j = 0; j < H; ++j) EXPECT_NEAR(o.y.value().at({b, t, d * H + j}), y[t][j], 1e-5) << b << t << d;
      for (int64_t j = 0; j < H; ++j) {
        EXPECT_NEAR(o.h.value().at({d, b, j}), hn[j], 1e-5);
        EXPECT_NEAR(o.c.value().at({d, b, j}), cn[j], 1e-5);
      }
    }
}

TEST(Lstm, PaddedSequenceEqualsSequenceAlone) {
  // 10 sequences: oneDNN runs 16 rows (the batch is padded to a multiple of 8).
  const int64_t B = 10, T = 6, I = 3, H = 4, D = 2;
  std::vector<int64_t> len = {6, 3, 1, 4, 5, 6, 2, 2, 3, 1};
  Tensor x = random_uniform({B, T, I}, -1, 1, 10);
  // Garbage in the padding.
  for (int64_t b = 0; b < B; ++b)
    for (int64_t t = len[b]; t < T; ++t)
      for (int64_t i = 0; i < I; ++i) x.data<float>()[(b * T + t) * I + i] = 1e3f * (t + 1);
  Weights w = weights(D, I, H, 11);
  auto o = run(x, len, w);
  for (int64_t b = 0; b < B; ++b) {
    Tensor xb = x.slice(0, b, b + 1).slice(1, 0, len[b]).contiguous();
    auto ob = run(xb, {len[b]}, w);
    for (int64_t t = 0; t < T; ++t)
      for (int64_t j = 0; j < D * H; ++j) {
        float expect = t < len[b] ? ob.y.value().at({0, t, j}) : 0.f;
        EXPECT_NEAR(o.y.value().at({b, t, j}), expect, 1e-6) << "b " << b << " t " << t;
      }
    for (int d = 0; d < D; ++d)
      for (int64_t j = 0; j < H; ++j) {
        EXPECT_NEAR(o.h.value().at({d, b, j}), ob.h.value().at({d, 0, j}), 1e-6);
        EXPECT_NEAR(o.c.value().at({d, b, j}), ob.c.value().at({d, 0, j}), 1e-6);
      }
  }
}

TEST(Lstm, PaddingGetsNoGradientAndDoesNotChangeParameterGradients) {
  const int64_t B = 9, T = 5, I = 3, H = 4, D = 2;
  std::vector<int64_t> len = {5, 2, 3, 1, 5, 4, 2, 3, 5};
  Weights w = weights(D, I, H, 20);
  Tensor r = random_uniform({B, T, D * H}, -1, 1, 21), rh = random_uniform({D, B, H}, -1, 1, 22);
  auto grads = [&](float pad) {
    Tensor x = random_uniform({B, T, I}, -1, 1, 23);
    for (int64_t b = 0; b < B; ++b)
      for (int64_t t = len[b]; t < T; ++t)
        for (int64_t i = 0; i < I; ++i) x.data<float>()[(b * T + t) * I + i] = pad;
    Var xv = Var::param(x), wl = Var::param(w.wl.clone()), wi = Var::param(w.wi.clone()), bb = Var::param(w.b.clone());
    auto o = ops::lstm(xv, len, wl, wi, bb);
    // Every output position gets a gradient, padding included: the op must drop it.
    Var loss = ops::add(ops::sum(ops::mul(o.y, Var(r))), ops::sum(ops::mul(ops::add(o.h, o.c), Var(rh))));
    loss.backward();
    return std::vector<Tensor>{xv.grad(), wl.grad(), wi.grad(), bb.grad()};
  };
  auto g1 = grads(0.f), g2 = grads(77.f);
  for (int64_t b = 0; b < B; ++b)
    for (int64_t t = 0; t < T; ++t)
      for (int64_t i = 0; i < I; ++i) {
        float v = g1[0].at({b, t, i});
        if (t >= len[b]) {
          EXPECT_EQ(v, 0.f);
        }
        EXPECT_EQ(v, g2[0].at({b, t, i}));
      }
  for (int k = 1; k < 4; ++k) {
    auto a = g1[k].to_vector(), c = g2[k].to_vector();
    double norm = 0;
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_FLOAT_EQ(a[i], c[i]);
      norm += std::fabs(a[i]);
    }
    EXPECT_GT(norm, 0);
  }
}

TEST(Lstm, GradCheckBidirectionalWithInitialStates) {
  // B = 9: also covers the rows oneDNN runs beyond the batch (padded to 16).
  const int64_t B = 9, T = 4, I = 3, H = 2, D = 2;
  std::vector<int64_t> len = {4, 2, 3, 1, 4, 3, 0, 2, 4};
  Weights w = weights(D, I, H, 30);
  auto f = [len](const std::vector<Var>& in) {
    auto o = ops::lstm(in[0], len, in[1], in[2], in[3], in[4], in[5]);
    return ops::concat({ops::reshape(o.y, {-1}), ops::reshape(o.h, {-1}), ops::reshape(o.c, {-1})}, 0);
  };
  auto r = gradcheck(f, {random_uniform({B, T, I}, -1, 1, 31), w.wl, w.wi, w.b, random_uniform({D, B, H}, -0.5, 0.5, 32),
                         random_uniform({D, B, H}, -0.5, 0.5, 33)});
  EXPECT_TRUE(r.ok) << r.report;
}

TEST(Lstm, GradCheckUnidirectionalNoInitialState) {
  Weights w = weights(1, 2, 3, 40);
  auto f = [](const std::vector<Var>& in) {
    auto o = ops::lstm(in[0], {3, 1}, in[1], in[2], in[3]);
    return ops::concat({ops::reshape(o.y, {-1}), ops::reshape(o.c, {-1})}, 0);
  };
  // T = 4 but the longest sequence has 3 steps: the last column is padding everywhere.
  auto r = gradcheck(f, {random_uniform({2, 4, 2}, -1, 1, 41), w.wl, w.wi, w.b});
  EXPECT_TRUE(r.ok) << r.report;
}

TEST(Lstm, EmptySequenceKeepsInitialState) {
  Weights w = weights(2, 2, 3, 50);
  Tensor h0 = random_uniform({2, 2, 3}, -1, 1, 51), c0 = random_uniform({2, 2, 3}, -1, 1, 52);
  auto o = run(random_uniform({2, 3, 2}, -1, 1, 53), {0, 2}, w, h0, c0);
  for (int d = 0; d < 2; ++d)
    for (int j = 0; j < 3; ++j) {
      EXPECT_EQ(o.h.value().at({d, 0, j}), h0.at({d, 0, j}));
      EXPECT_EQ(o.c.value().at({d, 0, j}), c0.at({d, 0, j}));
      EXPECT_NE(o.h.value().at({d, 1, j}), h0.at({d, 1, j}));
    }
  for (int t = 0; t < 3; ++t) EXPECT_EQ(o.y.value().at({0, t, 0}), 0.f);
}

TEST(LstmCell, MatchesSequenceOpAndGradChecks) {
  const int64_t B = 2, I = 3, H = 4;
  Weights w = weights(1, I, H, 60);
  Tensor x1 = random_uniform({B, I}, -1, 1, 61), x2 = random_uniform({B, I}, -1, 1, 62);
  ops::LstmState s{Var(Tensor::zeros({B, H})), Var(Tensor::zeros({B, H}))};
  s = ops::lstm_cell(Var(x1), s, Var(w.wl), Var(w.wi), Var(w.b));
  s = ops::lstm_cell(Var(x2), s, Var(w.wl), Var(w.wi), Var(w.b));
  auto o = run(ops::concat({x1.unsqueeze(1), x2.unsqueeze(1)}, 1), {2, 2}, w);
  for (int64_t b = 0; b < B; ++b)
    for (int64_t j = 0; j < H; ++j) {
      EXPECT_NEAR(s.h.value().at({b, j}), o.h.value().at({0, b, j}), 1e-6);
      EXPECT_NEAR(s.c.value().at({b, j}), o.c.value().at({0, b, j}), 1e-6);
    }
  auto f = [](const std::vector<Var>& in) {
    auto st = ops::lstm_cell(in[0], {in[1], in[2]}, in[3], in[4], in[5]);
    st = ops::lstm_cell(in[0], st, in[3], in[4], in[5]);
    return ops::concat({st.h, st.c}, 1);
  };
  auto r = gradcheck(f, {x1, random_uniform({B, H}, -1, 1, 63), random_uniform({B, H}, -1, 1, 64), w.wl, w.wi, w.b});
  EXPECT_TRUE(r.ok) << r.report;
}
