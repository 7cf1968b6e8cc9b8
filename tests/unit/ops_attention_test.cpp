// Scaled dot-product attention: forward against a double-precision reference with padding
// and causal masks (Tq != Tk), exact zeros at masked keys, gradient checks (through both
// outputs, and on permuted head views as multi-head attention passes them).
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

// Reference context and weights for one (b, h).
void reference(const Tensor& q, const Tensor& k, const Tensor& v, int64_t b, int64_t h, int64_t len, bool causal,
               std::vector<std::vector<double>>& w, std::vector<std::vector<double>>& ctx) {
  int64_t Tq = q.dim(2), Tk = k.dim(2), dk = q.dim(3), dv = v.dim(3);
  w.assign(Tq, std::vector<double>(Tk, 0.0));
  ctx.assign(Tq, std::vector<double>(dv, 0.0));
  for (int64_t i = 0; i < Tq; ++i) {
    std::vector<double> s(Tk);
    double m = -1e300, z = 0;
    auto allowed = [&](int64_t j) { return j < len && (!causal || j <= i + Tk - Tq); };
    for (int64_t j = 0; j < Tk; ++j) {
      if (!allowed(j)) continue;
      s[j] = 0;
      for (int64_t c = 0; c < dk; ++c) s[j] += double(q.at({b, h, i, c})) * k.at({b, h, j, c});
      s[j] /= std::sqrt(double(dk));
      m = std::max(m, s[j]);
    }
    for (int64_t j = 0; j < Tk; ++j)
      if (allowed(j)) z += std::exp(s[j] - m);
    for (int64_t j = 0; j < Tk; ++j)
      if (allowed(j)) {
        w[i][j] = std::exp(s[j] - m) / z;
        for (int64_t c = 0; c < dv; ++c) ctx[i][c] += w[i][j] * v.at({b, h, j, c});
      }
  }
}

Var flat(const ops::AttentionOutput& o) {
  return ops::concat({ops::reshape(o.context, {-1}), ops::reshape(o.weights, {-1})}, 0);
}

}  // namespace

TEST(Attention, ForwardMatchesReferenceWithMasks) {
  const int64_t B = 2, H = 3, Tq = 3, Tk = 5, dk = 4, dv = 2;
  Tensor q = random_uniform({B, H, Tq, dk}, -2, 2, 1), k = random_uniform({B, H, Tk, dk}, -2, 2, 2),
         v = random_uniform({B, H, Tk, dv}, -1, 1, 3);
  std::vector<int64_t> len = {5, 3};
  for (bool causal : {false, true}) {
    auto o = ops::scaled_dot_product_attention(Var(q), Var(k), Var(v), len, causal);
    ASSERT_EQ(o.context.shape(), Shape({B, H, Tq, dv}));
    ASSERT_EQ(o.weights.shape(), Shape({B, H, Tq, Tk}));
    for (int64_t b = 0; b < B; ++b)
      for (int64_t h = 0; h < H; ++h) {
        std::vector<std::vector<double>> w, ctx;
        reference(q, k, v, b, h, len[b], causal, w, ctx);
        for (int64_t i = 0; i < Tq; ++i) {
          for (int64_t j = 0; j < Tk; ++j) {
            float got = o.weights.value().at({b, h, i, j});
            if (w[i][j] == 0.0)
              EXPECT_EQ(got, 0.f) << "masked key must get exactly 0";
            else
              EXPECT_NEAR(got, w[i][j], 1e-6);
          }
          for (int64_t c = 0; c < dv; ++c) EXPECT_NEAR(o.context.value().at({b, h, i, c}), ctx[i][c], 1e-5);
        }
      }
  }
}

TEST(Attention, QueryWithNoAllowedKeyGetsZeros) {
  Tensor q = random_uniform({2, 1, 2, 3}, -1, 1, 4), k = random_uniform({2, 1, 2, 3}, -1, 1, 5),
         v = random_uniform({2, 1, 2, 3}, -1, 1, 6);
  auto o = ops::scaled_dot_product_attention(Var(q), Var(k), Var(v), {2, 0});
  for (float x : o.weights.value().select(0, 1).to_vector()) EXPECT_EQ(x, 0.f);
  for (float x : o.context.value().select(0, 1).to_vector()) EXPECT_EQ(x, 0.f);
  for (float x : o.weights.value().select(0, 0).to_vector()) EXPECT_GT(x, 0.f);
}

TEST(Attention, GradCheckPaddingAndCausal) {
  const int64_t B = 2, H = 2, Tq = 3, Tk = 4, dk = 3, dv = 2;
  for (bool causal : {false, true}) {
    auto f = [causal](const std::vector<Var>& in) {
      return flat(ops::scaled_dot_product_attention(in[0], in[1], in[2], {4, 2}, causal));
    };
    auto r = gradcheck(f, {random_uniform({B, H, Tq, dk}, -1, 1, 7), random_uniform({B, H, Tk, dk}, -1, 1, 8),
                           random_uniform({B, H, Tk, dv}, -1, 1, 9)});
    EXPECT_TRUE(r.ok) << "causal " << causal << "\n" << r.report;
  }
}

TEST(Attention, GradCheckPermutedHeadViews) {
  // [B, T, H, d] projections viewed as [B, H, T, d] without a copy; explicit scale.
  auto f = [](const std::vector<Var>& in) {
    auto o = ops::scaled_dot_product_attention(ops::permute(in[0], {0, 2, 1, 3}), ops::permute(in[1], {0, 2, 1, 3}),
                                               ops::permute(in[1], {0, 2, 1, 3}), {}, true, 0.7f);
    return flat(o);
  };
  auto r = gradcheck(f, {random_uniform({2, 3, 2, 4}, -1, 1, 10), random_uniform({2, 3, 2, 4}, -1, 1, 11)});
  EXPECT_TRUE(r.ok) << r.report;
}

TEST(Attention, DecodeStepMatchesReference) {
  // One query per row, q a strided slice of a fused projection, against the double-precision
  // reference per (row, head): (a) each row over its own [cap, D] cache (self-attention),
  // (b) rows reading entries of a shared memory with per-row lengths (encoder-decoder), one
  // row with length 0, and the weights.
  const int64_t rows = 5, heads = 4, dh = 8, D = heads * dh, cap = 16;
  Tensor qkv = random_uniform({rows, 1, 3 * D}, -2, 2, 12), kc = random_uniform({rows, cap, D}, -2, 2, 13),
         vc = random_uniform({rows, cap, D}, -1, 1, 14);
  Tensor q = qkv.slice(2, 0, D);
  auto heads_of = [&](const Tensor& t) { return t.view({t.dim(0), t.dim(1), heads, dh}).permute({0, 2, 1, 3}); };
  Tensor q4 = heads_of(q.contiguous()).contiguous();
  std::vector<std::vector<double>> w, c;

  const int64_t len = 7;
  Tensor ctx = ops::decode_attention(q, heads_of(kc), heads_of(vc), {}, std::vector<int64_t>(rows, len));
  ASSERT_EQ(ctx.shape(), (std::vector<int64_t>{rows, 1, D}));
  Tensor k4 = heads_of(kc).contiguous(), v4 = heads_of(vc).contiguous();
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t h = 0; h < heads; ++h) {
      reference(q4.slice(0, r, r + 1), k4.slice(0, r, r + 1), v4.slice(0, r, r + 1), 0, h, len, false, w, c);
      for (int64_t d = 0; d < dh; ++d) EXPECT_NEAR(ctx.at({r, 0, h * dh + d}), c[0][d], 1e-5) << r << " " << h;
    }

  const std::vector<int> entry = {2, 0, 2, 1, 0};
  const std::vector<int64_t> lengths = {5, 16, 5, 1, 0};
  Tensor weights;
  ctx = ops::decode_attention(q, heads_of(kc.slice(0, 0, 3)), heads_of(vc.slice(0, 0, 3)), entry, lengths, &weights);
  ASSERT_EQ(weights.shape(), (std::vector<int64_t>{rows, heads, cap}));
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t h = 0; h < heads; ++h) {
      reference(q4.slice(0, r, r + 1), k4.slice(0, entry[r], entry[r] + 1), v4.slice(0, entry[r], entry[r] + 1), 0, h,
                lengths[r], false, w, c);
      for (int64_t d = 0; d < dh; ++d) EXPECT_NEAR(ctx.at({r, 0, h * dh + d}), c[0][d], 1e-5) << r << " " << h;
      for (int64_t j = 0; j < cap; ++j) EXPECT_NEAR(weights.at({r, h, j}), w[0][j], 1e-6) << r << " " << h << " " << j;
    }
}
