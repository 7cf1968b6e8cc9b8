// Matmul forward against a naive loop, and gradient checks for every layout.
#include "ops/matmul.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "autograd/gradcheck.h"
#include "ops/binary.h"
#include "ops/quantized.h"
#include "ops/reduce.h"
#include "tensor/cpu_support.h"
#include "tensor/threads.h"

using namespace tolmach;

// Tiny problems: one thread is fastest and avoids OpenMP spin-wait contention when ctest
// runs several test processes at once.
static const bool kOneThread = (set_num_threads(1), true);

static Tensor naive(const Tensor& a, const Tensor& b) {  // [M,K] x [K,N]
  int64_t M = a.dim(0), K = a.dim(1), N = b.dim(1);
  Tensor c = Tensor::zeros({M, N});
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = 0; j < N; ++j) {
      double s = 0;
      for (int64_t k = 0; k < K; ++k) s += a.at({i, k}) * b.at({k, j});
      c.data<float>()[i * N + j] = static_cast<float>(s);
    }
  return c;
}

static void expect_near(const Tensor& x, const Tensor& y, float tol) {
  ASSERT_EQ(x.shape(), y.shape());
  auto a = x.to_vector(), b = y.to_vector();
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], tol) << "element " << i;
}

TEST(Matmul, ForwardAllTranspositions) {
  Tensor a = random_uniform({5, 7}, -1, 1, 1), b = random_uniform({7, 3}, -1, 1, 2);
  Tensor ref = naive(a, b);
  expect_near(ops::matmul(a, b), ref, 1e-5f);
  expect_near(ops::matmul(a.transpose(0, 1).contiguous(), b, true, false), ref, 1e-5f);
  expect_near(ops::matmul(a, b.transpose(0, 1).contiguous(), false, true), ref, 1e-5f);
  expect_near(ops::matmul(a.transpose(0, 1).contiguous(), b.transpose(0, 1).contiguous(), true, true), ref, 1e-5f);
  // A transposed view is read in place (column-major), giving the same result.
  expect_near(ops::matmul(a.transpose(0, 1).contiguous().transpose(0, 1), b), ref, 1e-5f);
}

TEST(Matmul, BatchedAndBroadcast) {
  Tensor a = random_uniform({2, 4, 3}, -1, 1, 3), b = random_uniform({2, 3, 5}, -1, 1, 4);
  Tensor c = ops::matmul(a, b);
  ASSERT_EQ(c.shape(), (Shape{2, 4, 5}));
  for (int64_t i = 0; i < 2; ++i) expect_near(c.select(0, i), naive(a.select(0, i), b.select(0, i)), 1e-5f);
  Tensor w = random_uniform({3, 5}, -1, 1, 5);
  Tensor c2 = ops::matmul(a, w);  // 2-D weight shared across the batch
  for (int64_t i = 0; i < 2; ++i) expect_near(c2.select(0, i), naive(a.select(0, i), w), 1e-5f);
  Tensor c3 = ops::matmul(a.transpose(1, 2), random_uniform({4, 2}, -1, 1, 6));  // strided batched a
  EXPECT_EQ(c3.shape(), (Shape{2, 3, 2}));
  EXPECT_THROW(ops::matmul(a, random_uniform({4, 5}, -1, 1, 7)), std::logic_error);
}

TEST(Matmul, Bf16MatchesF32) {
  Tensor a = random_uniform({16, 32}, -1, 1, 8), b = random_uniform({32, 8}, -1, 1, 9);
  Tensor c = ops::matmul(a.to(DType::bf16), b.to(DType::bf16));
  EXPECT_EQ(c.dtype(), DType::f32);
  expect_near(c, ops::matmul(a, b), 0.05f);
}

TEST(Matmul, AccumulateInto) {
  Tensor a = random_uniform({3, 4}, -1, 1, 10), b = random_uniform({4, 2}, -1, 1, 11);
  Tensor c = Tensor::full({3, 2}, 1.f);
  ops::matmul_into(a, b, c, false, false, 2.f, 1.f);
  Tensor ref = naive(a, b);
  auto r = ref.to_vector(), v = c.to_vector();
  for (size_t i = 0; i < r.size(); ++i) EXPECT_NEAR(v[i], 1 + 2 * r[i], 1e-5f);
}

TEST(Matmul, GradCheck) {
  for (bool ta : {false, true})
    for (bool tb : {false, true}) {
      Tensor a = ta ? random_uniform({4, 3}, -1, 1, 12) : random_uniform({3, 4}, -1, 1, 12);
      Tensor b = tb ? random_uniform({5, 4}, -1, 1, 13) : random_uniform({4, 5}, -1, 1, 13);
      auto r = gradcheck([&](const std::vector<Var>& in) { return ops::matmul(in[0], in[1], ta, tb); }, {a, b});
      EXPECT_TRUE(r.ok) << "ta=" << ta << " tb=" << tb << "\n" << r.report;
    }
}

TEST(Matmul, GradCheckBatched) {
  for (bool ta : {false, true})
    for (bool tb : {false, true}) {
      Tensor a = ta ? random_uniform({2, 4, 3}, -1, 1, 14) : random_uniform({2, 3, 4}, -1, 1, 14);
      Tensor b = tb ? random_uniform({2, 5, 4}, -1, 1, 15) : random_uniform({2, 4, 5}, -1, 1, 15);
      auto r = gradcheck([&](const std::vector<Var>& in) { return ops::matmul(in[0], in[1], ta, tb); }, {a, b});
      EXPECT_TRUE(r.ok) << "ta=" << ta << " tb=" << tb << "\n" << r.report;
    }
  // Broadcast weight: 3-D activations times a 2-D matrix, gradient summed over the batch.
  for (bool ta : {false, true}) {
    Tensor a = ta ? random_uniform({2, 4, 3}, -1, 1, 16) : random_uniform({2, 3, 4}, -1, 1, 16);
    auto r = gradcheck([&](const std::vector<Var>& in) { return ops::matmul(in[0], in[1], ta, false); },
                       {a, random_uniform({4, 5}, -1, 1, 17)});
    EXPECT_TRUE(r.ok) << "ta=" << ta << "\n" << r.report;
  }
}

TEST(Linear, FusedBiasMatchesMatmulPlusBias) {
  Tensor x = random_uniform({2, 3, 4}, -1, 1, 20), w = random_uniform({4, 5}, -1, 1, 21), b = random_uniform({5}, -1, 1, 22);
  Tensor y = ops::linear(x, w, b);
  ASSERT_EQ(y.shape(), (Shape{2, 3, 5}));
  for (int64_t i = 0; i < 2; ++i) {
    Tensor ref = naive(x.select(0, i), w);
    for (int64_t r = 0; r < 3; ++r)
      for (int64_t c = 0; c < 5; ++c) EXPECT_NEAR(y.at({i, r, c}), ref.at({r, c}) + b.at({c}), 1e-5);
  }
  expect_near(ops::linear(x, w.transpose(0, 1).contiguous(), b, true), y, 1e-5f);
  expect_near(ops::linear(x, w, Tensor()), ops::matmul(x, w), 1e-6f);
  // bf16 operands with an f32 bias (inference path).
  expect_near(ops::linear(x.to(DType::bf16), w.to(DType::bf16), b), y, 0.05f);
}

TEST(Linear, GradCheck) {
  for (bool tw : {false, true}) {
    Tensor w = tw ? random_uniform({5, 4}, -1, 1, 23) : random_uniform({4, 5}, -1, 1, 23);
    auto r = gradcheck([tw](const std::vector<Var>& in) { return ops::linear(in[0], in[1], in[2], tw); },
                       {random_uniform({2, 3, 4}, -1, 1, 24), w, random_uniform({5}, -1, 1, 25)});
    EXPECT_TRUE(r.ok) << "trans_w=" << tw << "\n" << r.report;
  }
  auto r = gradcheck([](const std::vector<Var>& in) { return ops::linear(in[0], in[1], Var()); },
                     {random_uniform({3, 4}, -1, 1, 26), random_uniform({4, 2}, -1, 1, 27)});
  EXPECT_TRUE(r.ok) << r.report;
}

TEST(Linear, MixedPrecisionBf16FollowsF32) {
  // Forward and all gradients with bf16 operands stay within bf16 rounding (8 bits of
  // mantissa: ~0.4% per operand) of f32, for both weight layouts; results are f32.
  for (bool tw : {false, true}) {
    Tensor x0 = random_uniform({6, 5, 64}, -1, 1, 40), b0 = random_uniform({48}, -1, 1, 42);
    Tensor w0 = tw ? random_uniform({48, 64}, -1, 1, 41) : random_uniform({64, 48}, -1, 1, 41);
    Tensor g = random_uniform({6, 5, 48}, -1, 1, 43);
    std::vector<Tensor> out[2];
    for (DType t : {DType::f32, DType::bf16}) {
      ops::set_linear_compute_dtype(t);
      Var x = Var::param(x0), w = Var::param(w0), b = Var::param(b0);
      Var y = ops::linear(x, w, b, tw);
      ops::sum(ops::mul(y, Var(g))).backward();
      out[t == DType::bf16] = {y.value(), x.grad(), w.grad(), b.grad()};
    }
    ops::set_linear_compute_dtype(DType::f32);
    const char* names[] = {"y", "dx", "dw", "db"};
    for (int i = 0; i < 4; ++i) {
      ASSERT_EQ(out[1][i].dtype(), DType::f32) << names[i];
      double err = 0, ref = 0;
      auto a = out[0][i].to_vector(), c = out[1][i].to_vector();
      for (size_t k = 0; k < a.size(); ++k) {
        err = std::max(err, std::fabs(static_cast<double>(a[k]) - c[k]));
        ref = std::max(ref, std::fabs(static_cast<double>(a[k])));
      }
      EXPECT_LT(err, 0.02 * ref) << names[i] << " trans_w=" << tw;
      if (i < 3) {
        EXPECT_GT(err, 0.0) << names[i] << ": bf16 path not taken";
      }
    }
  }
}

// Weights packed once into oneDNN's layout give the plain GEMM's product, for every dtype,
// for row counts with and without a kernel for the packed layout, from a transposed view too.
TEST(PackedWeight, EqualsPlainProduct) {
  const int64_t K = 96, N = 80;
  Tensor w = random_uniform({N, K}, -1, 1, 40).transpose(0, 1), bias = random_uniform({N}, -1, 1, 41);
  for (DType dt : {DType::f32, DType::bf16}) {
    const ops::PackedWeight p = ops::pack_weight(w.to(dt));
    if (dt == DType::f32 || cpu_has_bf16_gemm()) {  // else the bf16 values are kept as plain f32
      EXPECT_TRUE(p.packed.defined()) << dtype_name(dt) << ": oneDNN asked for no packing here";
      EXPECT_FALSE(p.plain.defined()) << "packed weights keep one copy";
      EXPECT_EQ(p.unpacked().to_vector(), w.to(dt).contiguous().to_vector());  // reordered back exactly
    }
    for (int64_t M : {1, 16, 100}) {
      Tensor a = random_uniform({M, K}, -1, 1, 42 + M).to(dt), c = Tensor::empty({M, N});
      ops::matmul_packed(a, p, c, bias);
      expect_near(c, ops::linear(a.to(DType::f32), w.to(dt).to(DType::f32), bias), 1e-4f);
    }
  }
  // u8 inputs, s8 weights: within +-63 where the CPU's int8 GEMM saturates pairs of products
  // (as quantize_weight keeps them), else the full range.
  const float wmax = cpu_int8_gemm_saturates() ? 63 : 127;
  const ops::PackedWeight q = ops::pack_weight(random_uniform({K, N}, -wmax, wmax, 43).to(DType::i8));
  for (int64_t M : {1, 16, 100}) {
    Tensor a = random_uniform({M, K}, 0, 255, 44 + M).to(DType::u8), c = Tensor::empty({M, N}, DType::i32);
    ops::matmul_packed(a, q, c);
    // Exact: |sums| < 2^24, so the f32 reference holds them exactly.
    expect_near(c.to(DType::f32), ops::matmul(a.to(DType::f32), q.unpacked().to(DType::f32)), 0.f);
  }
}

TEST(Int8, QuantisedMatmulApproximatesF32) {
  Tensor x = random_uniform({2, 6, 64}, -1, 1, 30), w = random_uniform({64, 16}, -0.5f, 0.5f, 31);
  Tensor b = random_uniform({16}, -1, 1, 32);
  auto q = ops::quantize_weight(w);
  EXPECT_EQ(q.w.dtype(), DType::i8);
  // Dequantised weights are within half a step of the originals.
  const Tensor wq = q.w.unpacked();
  for (int64_t k = 0; k < 64; k += 7)
    for (int64_t n = 0; n < 16; n += 3)
      EXPECT_NEAR(wq.at({k, n}) * q.scales.at({n}), w.at({k, n}), 0.5 * q.scales.at({n}) + 1e-7);
  Tensor ref = ops::linear(x, w, b);
  Tensor y = ops::matmul_int8(x, q, b);
  ASSERT_EQ(y.shape(), ref.shape());
  // Error budget: 64 products, each off by about half a quantisation step of either factor.
  auto r = ref.to_vector(), v = y.to_vector();
  double max_err = 0;
  for (size_t i = 0; i < r.size(); ++i) max_err = std::max(max_err, double(std::fabs(r[i] - v[i])));
  EXPECT_LT(max_err, 0.1);
  EXPECT_GT(max_err, 0.0);  // really quantised, not an f32 path
  // Transposed ([out, in]) weights give the same quantisation.
  auto qt = ops::quantize_weight(w.transpose(0, 1).contiguous(), true);
  EXPECT_EQ(qt.w.unpacked().to_vector(), q.w.unpacked().to_vector());
  expect_near(ops::matmul_int8(x, qt), ops::matmul_int8(x, q), 1e-6f);
}

// Inputs and weights at the ends of their ranges, where pairs of products would overflow a
// 16-bit sum without VNNI: the sums stay exact on every CPU (quantize_weight keeps 7 bits there).
TEST(Int8, ExtremeValuesDoNotSaturate) {
  const int64_t K = 64, N = 4;
  Tensor x = Tensor::empty({2, K}), w = Tensor::empty({K, N});
  x.fill(1.f);
  float* p = x.data<float>();
  for (int64_t k = 0; k < K; ++k) p[K + k] = k % 2 ? 1.f : -1.f;  // row 1 alternates
  w.fill(-0.5f);
  const Tensor y = ops::matmul_int8(x, ops::quantize_weight(w));
  for (int64_t n = 0; n < N; ++n) {
    EXPECT_FLOAT_EQ(y.at({0, n}), -0.5f * K);
    EXPECT_NEAR(y.at({1, n}), 0.f, 1e-5f);
  }
}

// Activations are quantised per row: a row 1000x larger than the others does not cost
// the small rows their precision.
TEST(Int8, RowsKeepTheirOwnScale) {
  Tensor x = random_uniform({4, 64}, -1, 1, 33), w = random_uniform({64, 8}, -0.5f, 0.5f, 34);
  float* p = x.data<float>();
  for (int k = 0; k < 64; ++k) p[k] *= 1000.f;  // row 0
  Tensor ref = ops::linear(x, w, Tensor()), y = ops::matmul_int8(x, ops::quantize_weight(w));
  for (int64_t m = 0; m < 4; ++m) {
    double err = 0, mag = 0;
    for (int64_t n = 0; n < 8; ++n) {
      err = std::max(err, double(std::fabs(y.at({m, n}) - ref.at({m, n}))));
      mag = std::max(mag, double(std::fabs(ref.at({m, n}))));
    }
    EXPECT_LT(err, 0.03 * mag) << "row " << m;
  }
}
