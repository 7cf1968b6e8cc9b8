#include "ops/decode_attention.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "tensor/threads.h"

namespace tolmach::ops {

Tensor decode_attention(const Tensor& q, const Tensor& k, const Tensor& v, const std::vector<int>& entry,
                        const std::vector<int64_t>& lengths, Tensor* weights) {
  TOLMACH_CHECK(q.dtype() == DType::f32 && k.dtype() == DType::f32 && v.dtype() == DType::f32,
                "decode_attention wants float32");
  TOLMACH_CHECK(q.ndim() == 3 && q.dim(1) == 1 && k.ndim() == 4 && v.shape() == k.shape() &&
                    q.dim(2) == k.dim(1) * k.dim(3) && q.stride(2) == 1 && k.stride(3) == 1 && v.stride(3) == 1,
                "decode_attention: q " + q.str() + ", k " + k.str() + ", v " + v.str());
  const int64_t rows = q.dim(0), H = k.dim(1), T = k.dim(2), dh = k.dim(3), D = H * dh;
  TOLMACH_CHECK(static_cast<int64_t>(lengths.size()) == rows && (entry.empty() || static_cast<int64_t>(entry.size()) == rows),
                "decode_attention: " + std::to_string(lengths.size()) + " lengths for " + std::to_string(rows) + " rows");
  for (int64_t r = 0; r < rows; ++r) {
    const int64_t e = entry.empty() ? r : entry[r];
    TOLMACH_CHECK(e >= 0 && e < k.dim(0) && lengths[r] >= 0 && lengths[r] <= T,
                  "decode_attention: row " + std::to_string(r) + " reads entry " + std::to_string(e) + ", " +
                      std::to_string(lengths[r]) + " positions of " + k.str());
  }
  const float scale = 1.f / std::sqrt(static_cast<float>(dh));
  Tensor context = Tensor::empty({rows, 1, D});
  if (weights) *weights = Tensor::zeros({rows, H, T});
  const float *qp = q.data<float>(), *kp = k.data<float>(), *vp = v.data<float>();
  float* cp = context.data<float>();
  float* wp = weights ? weights->data<float>() : nullptr;
  parallel_for(rows * H, rows * T * D, [&](int64_t begin, int64_t end) {
    std::vector<float> w(T);
    for (int64_t rh = begin; rh < end; ++rh) {
      const int64_t r = rh / H, h = rh % H, e = entry.empty() ? r : entry[r], len = lengths[r];
      const float* qr = qp + r * q.stride(0) + h * dh;
      const float* kr = kp + e * k.stride(0) + h * k.stride(1);
      const float* vr = vp + e * v.stride(0) + h * v.stride(1);
      float* c = cp + r * D + h * dh;
      std::fill(c, c + dh, 0.f);
      float top = -INFINITY, sum = 0.f;
      for (int64_t j = 0; j < len; ++j) {
        const float* kj = kr + j * k.stride(2);
        float s = 0.f;
#pragma omp simd reduction(+ : s)
        for (int64_t d = 0; d < dh; ++d) s += qr[d] * kj[d];
        w[j] = s * scale;
        top = std::max(top, w[j]);
      }
      for (int64_t j = 0; j < len; ++j) sum += (w[j] = std::exp(w[j] - top));
      for (int64_t j = 0; j < len; ++j) {
        const float p = w[j] / sum;
        const float* vj = vr + j * v.stride(2);
#pragma omp simd
        for (int64_t d = 0; d < dh; ++d) c[d] += p * vj[d];
        if (wp) wp[rh * T + j] = p;
      }
    }
  });
  return context;
}

}  // namespace tolmach::ops
