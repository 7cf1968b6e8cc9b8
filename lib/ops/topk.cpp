#include "ops/topk.h"

#include <algorithm>
#include <numeric>
#include <vector>

#include "tensor/threads.h"

namespace tolmach::ops {

void topk(const Tensor& x0, int64_t k, Tensor& values, Tensor& indices) {
  TOLMACH_CHECK(x0.ndim() >= 1, "topk of a scalar");
  int64_t V = x0.dim(-1);
  TOLMACH_CHECK(k >= 1 && k <= V, "topk k=" + std::to_string(k) + " for " + x0.str());
  Tensor x = (x0.dtype() == DType::f32 ? x0 : x0.to(DType::f32)).contiguous();
  int64_t N = x.numel() / std::max<int64_t>(V, 1);
  Shape out = x.shape();
  out.back() = k;
  values = Tensor::empty(out);
  indices = Tensor::empty(out, DType::i32);
  const float* xp = x.data<float>();
  float* vp = values.data<float>();
  int32_t* ip = indices.data<int32_t>();
  parallel_for(N, N * V, [&](int64_t begin, int64_t end) {
    std::vector<int32_t> idx(V);
    for (int64_t i = begin; i < end; ++i) {
      const float* row = xp + i * V;
      std::iota(idx.begin(), idx.end(), 0);
      auto better = [row](int32_t a, int32_t b) { return row[a] > row[b] || (row[a] == row[b] && a < b); };
      std::partial_sort(idx.begin(), idx.begin() + k, idx.end(), better);
      for (int64_t j = 0; j < k; ++j) {
        ip[i * k + j] = idx[j];
        vp[i * k + j] = row[idx[j]];
      }
    }
  });
}

Tensor argmax(const Tensor& x) {
  Tensor v, i;
  topk(x, 1, v, i);
  return i.view(Shape(x.shape().begin(), x.shape().end() - 1));
}

}  // namespace tolmach::ops
