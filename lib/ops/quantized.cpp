#include "ops/quantized.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "tensor/engine.h"

namespace tolmach::ops {

QuantizedWeight quantize_weight(const Tensor& w0, bool trans) {
  TOLMACH_CHECK(w0.ndim() == 2, "quantize_weight of " + w0.str());
  Tensor w = (trans ? w0.transpose(0, 1) : w0).to(DType::f32).contiguous();  // [K, N]
  int64_t K = w.dim(0), N = w.dim(1);
  const float* p = w.data<float>();
  QuantizedWeight q{Tensor::empty({K, N}, DType::i8), Tensor::empty({N})};
  float* s = q.scales.data<float>();
  for (int64_t n = 0; n < N; ++n) s[n] = 0.f;
  for (int64_t k = 0; k < K; ++k)
    for (int64_t n = 0; n < N; ++n) s[n] = std::max(s[n], std::fabs(p[k * N + n]));
  for (int64_t n = 0; n < N; ++n) s[n] = s[n] > 0 ? s[n] / 127.f : 1.f;
  int8_t* o = q.w.data<int8_t>();
  for (int64_t k = 0; k < K; ++k)
    for (int64_t n = 0; n < N; ++n) o[k * N + n] = static_cast<int8_t>(std::nearbyint(p[k * N + n] / s[n]));
  return q;
}

std::vector<float> quantize_rows(const Tensor& x0, Tensor& q) {
  Tensor x = x0.to(DType::f32).contiguous();
  const int64_t K = x.ndim() ? x.dim(-1) : 1, M = K ? x.numel() / K : 0;
  q = Tensor::empty(x.shape(), DType::i8);
  std::vector<float> scales(M);
  const float* p = x.data<float>();
  int8_t* o = q.data<int8_t>();
#pragma omp parallel for if (M * K > 65536)
  for (int64_t m = 0; m < M; ++m) {
    const float* row = p + m * K;
    float mx = 0.f;
#pragma omp simd reduction(max : mx)
    for (int64_t k = 0; k < K; ++k) mx = std::max(mx, std::fabs(row[k]));
    const float scale = mx > 0 ? mx / 127.f : 1.f, inv = 1.f / scale;
    scales[m] = scale;
#pragma omp simd
    for (int64_t k = 0; k < K; ++k) {
      float v = row[k] * inv;  // |v| <= 127; round half away from zero (vectorises, unlike nearbyint)
      o[m * K + k] = static_cast<int8_t>(static_cast<int32_t>(v + (v >= 0.f ? 0.5f : -0.5f)));
    }
  }
  return scales;
}

Tensor matmul_int8(const Tensor& x, const QuantizedWeight& w, const Tensor& bias) {
  int64_t K = w.w.dim(0), N = w.w.dim(1);
  TOLMACH_CHECK(x.ndim() >= 1 && x.dim(-1) == K, "matmul_int8 of " + x.str() + " with weight " + w.w.str());
  Tensor xq;
  const std::vector<float> sx = quantize_rows(x, xq);
  Tensor a = xq.view({-1, K});
  const int64_t M = a.dim(0);
  Shape out = x.shape();
  out.back() = N;
  Tensor y = Tensor::empty(out);
  if (M == 0) return y;
  Tensor c = y.view({M, N});
  // s8 x s8 -> s32 GEMM, then one pass applies the per-column scales and the bias. (Runtime
  // output scales inside oneDNN 2.6 would push it off its fast brgemm kernel onto gemm:jit,
  // measured ~30% slower than this.)
  Tensor acc = Tensor::empty({M, N}, DType::i32);
  std::string key = cache_key("matmul_s8", a, w.w, acc);
  dnnl::primitive p = primitive_cache().get(key, [&] {
    return dnnl::matmul(dnnl::matmul::primitive_desc(dnnl::matmul::desc(md(a), md(w.w), md(acc)), engine()));
  });
  p.execute(stream(), {{DNNL_ARG_SRC, mem(a)}, {DNNL_ARG_WEIGHTS, mem(w.w)}, {DNNL_ARG_DST, mem(acc)}});
  stream().wait();
  std::vector<float> bv(N, 0.f);
  const float* sw = w.scales.data<float>();
  if (bias.defined()) {
    TOLMACH_CHECK(bias.numel() == N, "matmul_int8 bias " + bias.str() + " for " + std::to_string(N) + " outputs");
    std::vector<float> b = bias.to_vector();
    bv.assign(b.begin(), b.end());
  }
  const int32_t* ap = acc.data<int32_t>();
  float* yp = c.data<float>();
  const float* bp = bv.data();
#pragma omp parallel for if (M * N > 65536)
  for (int64_t m = 0; m < M; ++m) {
    const float s = sx[m];
#pragma omp simd
    for (int64_t n = 0; n < N; ++n) yp[m * N + n] = static_cast<float>(ap[m * N + n]) * (s * sw[n]) + bp[n];
  }
  return y;
}

}  // namespace tolmach::ops
