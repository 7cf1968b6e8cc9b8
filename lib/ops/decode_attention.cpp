#include "ops/decode_attention.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "tensor/threads.h"

namespace tolmach::ops {

Tensor decode_self_attention(const Tensor& q, const Tensor& k, const Tensor& v, int64_t length, int64_t heads) {
  TOLMACH_CHECK(q.dtype() == DType::f32 && k.dtype() == DType::f32 && v.dtype() == DType::f32,
                "decode_self_attention wants float32");
  const int64_t rows = q.dim(0), D = q.dim(2);
  TOLMACH_CHECK(q.ndim() == 3 && q.dim(1) == 1 && k.ndim() == 3 && v.ndim() == 3 && k.dim(0) == rows &&
                    v.dim(0) == rows && k.dim(2) == D && v.dim(2) == D && length >= 1 && length <= k.dim(1) &&
                    length <= v.dim(1) && heads > 0 && D % heads == 0,
                "decode_self_attention: q " + q.str() + ", k " + k.str() + ", v " + v.str());
  TOLMACH_CHECK(q.stride(2) == 1 && k.stride(2) == 1 && v.stride(2) == 1 && k.stride(1) == D && v.stride(1) == D,
                "decode_self_attention wants unit-stride rows");
  const int64_t dh = D / heads;
  const float scale = 1.f / std::sqrt(static_cast<float>(dh));
  Tensor context = Tensor::empty({rows, 1, D});
  const float *qp = q.data<float>(), *kp = k.data<float>(), *vp = v.data<float>();
  float* cp = context.data<float>();
#pragma omp parallel if (num_threads() > 1 && rows * length * D > 65536)
  {
    std::vector<float> w(length);
#pragma omp for
    for (int64_t rh = 0; rh < rows * heads; ++rh) {
      const int64_t r = rh / heads, off = rh % heads * dh;
      const float* qr = qp + r * q.stride(0) + off;
      const float* kr = kp + r * k.stride(0) + off;
      const float* vr = vp + r * v.stride(0) + off;
      float top = -INFINITY;
      for (int64_t j = 0; j < length; ++j) {
        const float* kj = kr + j * D;
        float s = 0.f;
#pragma omp simd reduction(+ : s)
        for (int64_t d = 0; d < dh; ++d) s += qr[d] * kj[d];
        w[j] = s * scale;
        top = std::max(top, w[j]);
      }
      float sum = 0.f;
      for (int64_t j = 0; j < length; ++j) sum += (w[j] = std::exp(w[j] - top));
      float* c = cp + r * D + off;
      std::fill(c, c + dh, 0.f);
      for (int64_t j = 0; j < length; ++j) {
        const float p = w[j] / sum;
        const float* vj = vr + j * D;
#pragma omp simd
        for (int64_t d = 0; d < dh; ++d) c[d] += p * vj[d];
      }
    }
  }
  return context;
}

}  // namespace tolmach::ops
