#include "ops/embedding.h"

#include <cstring>

#include "tensor/threads.h"

namespace tolmach::ops {

namespace {

Tensor checked_ids(const Tensor& ids0, int64_t V) {
  TOLMACH_CHECK(ids0.dtype() == DType::i32, "embedding ids must be i32, got " + ids0.str());
  Tensor ids = ids0.contiguous();
  const int32_t* p = ids.data<int32_t>();
  for (int64_t i = 0; i < ids.numel(); ++i)
    TOLMACH_CHECK(p[i] >= 0 && p[i] < V, "embedding id " + std::to_string(p[i]) + " outside vocabulary of " +
                                             std::to_string(V));
  return ids;
}

}  // namespace

Tensor embedding(const Tensor& table0, const Tensor& ids0) {
  TOLMACH_CHECK(table0.ndim() == 2, "embedding table must be [V, D], got " + table0.str());
  Tensor table = table0.dtype() == DType::f32 ? table0.contiguous() : table0.to(DType::f32).contiguous();
  int64_t V = table.dim(0), D = table.dim(1);
  Tensor ids = checked_ids(ids0, V);
  Shape out = ids.shape();
  out.push_back(D);
  Tensor y = Tensor::empty(out);
  const float* t = table.data<float>();
  float* o = y.data<float>();
  const int32_t* p = ids.data<int32_t>();
  int64_t n = ids.numel();
  parallel_for(n, n * D, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) std::memcpy(o + i * D, t + p[i] * D, D * sizeof(float));
  });
  return y;
}

Var embedding(const Var& table, const Tensor& ids0) {
  Tensor y = embedding(table.value(), ids0);
  Tensor ids = ids0.contiguous();
  Shape tshape = table.shape();
  return Var::make(y, {table}, [table, ids, tshape](const Tensor& g0) {
    Tensor g = g0.contiguous();
    Tensor dt = Tensor::zeros(tshape);
    int64_t D = tshape[1], n = ids.numel();
    float* d = dt.data<float>();
    const float* gp = g.data<float>();
    const int32_t* p = ids.data<int32_t>();
    // Sequential over ids (repeats collide); the inner loop vectorises.
    for (int64_t i = 0; i < n; ++i) {
      float* row = d + p[i] * D;
      const float* gr = gp + i * D;
#pragma omp simd
      for (int64_t j = 0; j < D; ++j) row[j] += gr[j];
    }
    table.add_grad(std::move(dt));
  });
}

}  // namespace tolmach::ops
