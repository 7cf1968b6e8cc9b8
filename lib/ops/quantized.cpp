#include "ops/quantized.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "tensor/cpu_support.h"
#include "tensor/threads.h"

namespace tolmach::ops {

QuantizedWeight quantize_weight(const Tensor& w0, bool trans) {
  TOLMACH_CHECK(w0.ndim() == 2, "quantize_weight of " + w0.str());
  Tensor w = (trans ? w0.transpose(0, 1) : w0).to(DType::f32).contiguous();  // [K, N]
  int64_t K = w.dim(0), N = w.dim(1);
  const float* p = w.data<float>();
  Tensor wq = Tensor::empty({K, N}, DType::i8);
  QuantizedWeight q{PackedWeight(), Tensor::empty({N}), {}};
  float* s = q.scales.data<float>();
  for (int64_t n = 0; n < N; ++n) s[n] = 0.f;
  for (int64_t k = 0; k < K; ++k)
    for (int64_t n = 0; n < N; ++n) s[n] = std::max(s[n], std::fabs(p[k * N + n]));
  const float levels = cpu_int8_gemm_saturates() ? 63.f : 127.f;  // 7 bits where pairs of products saturate
  for (int64_t n = 0; n < N; ++n) s[n] = s[n] > 0 ? s[n] / levels : 1.f;
  int8_t* o = wq.data<int8_t>();
  q.shifts.assign(N, 0);
  for (int64_t k = 0; k < K; ++k)
    for (int64_t n = 0; n < N; ++n) {
      o[k * N + n] = static_cast<int8_t>(std::nearbyint(p[k * N + n] / s[n]));
      q.shifts[n] += 128 * o[k * N + n];
    }
  q.w = pack_weight(wq);
  return q;
}

namespace {

// Writes round(row / scale) + offset (0 into int8_t, 128 into uint8_t) and returns the row's
// scale (max |x| / 127). Its own function so that row, K and out are values here: int8 stores
// may alias anything, and through a lambda's captured references they made the compiler reload
// them every element (not vectorised: 1.5% -> 29% of an int8 translation).
template <class T>
float quantize_row(const float* row, int64_t K, T* out, int32_t offset) {
  float mx = 0.f;
#pragma omp simd reduction(max : mx)
  for (int64_t k = 0; k < K; ++k) mx = std::max(mx, std::fabs(row[k]));
  const float scale = mx > 0 ? mx / 127.f : 1.f, inv = 1.f / scale;
#pragma omp simd
  for (int64_t k = 0; k < K; ++k) {
    float v = row[k] * inv;  // |v| <= 127; round half away from zero (vectorises, unlike nearbyint)
    out[k] = static_cast<T>(static_cast<int32_t>(v + (v >= 0.f ? 0.5f : -0.5f)) + offset);
  }
  return scale;
}

// x's rows quantised into q (i8, or u8 shifted by 128); returns the row scales.
template <class T>
std::vector<float> quantize_rows_as(const Tensor& x0, Tensor& q, int32_t offset) {
  Tensor x = x0.to(DType::f32).contiguous();
  const int64_t K = x.ndim() ? x.dim(-1) : 1, M = K ? x.numel() / K : 0;
  q = Tensor::empty(x.shape(), dtype_of<T>::value);
  std::vector<float> scales(M);
  const float* p = x.data<float>();
  T* o = q.data<T>();
  float* sp = scales.data();
  parallel_for(M, M * K, [&](int64_t begin, int64_t end) {
    for (int64_t m = begin; m < end; ++m) sp[m] = quantize_row(p + m * K, K, o + m * K, offset);
  });
  return scales;
}

}  // namespace

std::vector<float> quantize_rows(const Tensor& x, Tensor& q) { return quantize_rows_as<int8_t>(x, q, 0); }

Tensor matmul_int8(const Tensor& x, const QuantizedWeight& w, const Tensor& bias) {
  const int64_t K = w.w.rows(), N = w.w.cols();
  TOLMACH_CHECK(x.ndim() >= 1 && x.dim(-1) == K, "matmul_int8 of " + x.str() + " with weight [" + std::to_string(K) + ", " + std::to_string(N) + "]");
  Tensor xq;
  const std::vector<float> sx = quantize_rows_as<uint8_t>(x, xq, 128);
  Tensor a = xq.view({-1, K});
  const int64_t M = a.dim(0);
  Shape out = x.shape();
  out.back() = N;
  Tensor y = Tensor::empty(out);
  if (M == 0) return y;
  // u8 x s8 -> s32 GEMM on the packed weights, written into y's own buffer (same size), then
  // one pass turns each row into floats in place, applying the row and column scales and the
  // bias. (Runtime output scales inside oneDNN 2.6 would push it off its fast brgemm kernel
  // onto gemm:jit, measured ~30% slower; scales as binary post-ops, ~25% slower.)
  Tensor acc = y.view({M, N}).reinterpret(DType::i32);
  matmul_packed(a, w.w, acc);
  const float* sw = w.scales.data<float>();
  const int32_t* shift = w.shifts.data();
  std::vector<float> bv(N, 0.f);
  if (bias.defined()) {
    TOLMACH_CHECK(bias.numel() == N, "matmul_int8 bias " + bias.str() + " for " + std::to_string(N) + " outputs");
    bv = bias.to_vector();
  }
  const float* bp = bv.data();
  char* base = static_cast<char*>(y.raw());
  parallel_for(M, M * N, [&](int64_t begin, int64_t end) {
    std::vector<int32_t> row(N);  // the row's sums, read out before its floats overwrite them
    for (int64_t m = begin; m < end; ++m) {
      std::memcpy(row.data(), base + m * N * sizeof(float), N * sizeof(int32_t));
      const float s = sx[m];
      float* yp = reinterpret_cast<float*>(base + m * N * sizeof(float));
      const int32_t* ap = row.data();
#pragma omp simd
      for (int64_t n = 0; n < N; ++n) yp[n] = static_cast<float>(ap[n] - shift[n]) * (s * sw[n]) + bp[n];
    }
  });
  return y;
}

}  // namespace tolmach::ops
