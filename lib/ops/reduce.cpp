#include "ops/reduce.h"

#include <algorithm>
#include <vector>

#include "tensor/engine.h"
#include "tensor/threads.h"

namespace tolmach::ops {

namespace {

// Column sums of a contiguous [rows, C] matrix (a bias gradient): each thread sums a block of
// rows into a partial row of its own, then the partials are added; a strided add into the
// broadcast view would run on one thread.
void sum_rows(const float* x, int64_t rows, int64_t C, float* y) {
  const int64_t T = std::clamp<int64_t>(num_threads(), 1, rows);
  std::vector<float> partial(static_cast<size_t>(T * C), 0.f);
  parallel_for(T, rows * C, [&](int64_t t0, int64_t t1) {
    for (int64_t t = t0; t < t1; ++t) {
      float* p = partial.data() + t * C;
      for (int64_t r = rows * t / T; r < rows * (t + 1) / T; ++r) {
        const float* xr = x + r * C;
#pragma omp simd
        for (int64_t c = 0; c < C; ++c) p[c] += xr[c];
      }
    }
  }, 32768);
  std::copy_n(partial.data(), C, y);
  for (int64_t t = 1; t < T; ++t)
    for (int64_t c = 0; c < C; ++c) y[c] += partial[t * C + c];
}

// Sums x over the dims where `kept` is 1 and x is not; kept has x's rank.
Tensor reduce_sum_keepdim(const Tensor& x0, const Shape& kept) {
  Tensor x = x0.dtype() == DType::f32 ? x0 : x0.to(DType::f32);
  if (kept == x.shape()) return x.clone();
  Tensor y = Tensor::empty(kept);
  if (x.numel() == 0) {
    y.zero();
    return y;
  }
  if (x.ndim() == 0) return x.clone();
  if (kept.back() != 1 || x.shape().back() == 1) {
    // The innermost dim is kept: oneDNN 2.6 only has a slow reference kernel for this
    // (20 ms for a [4096,512] bias gradient): sum a bias gradient's rows on every thread, and
    // anything else by a strided add into the broadcast view (~10x faster than the kernel).
    const int64_t C = x.shape().back();
    if (x.is_contiguous() && kept.back() == C && shape_numel(kept) == C) {
      sum_rows(static_cast<const float*>(x.raw()), x.numel() / C, C, static_cast<float*>(y.raw()));
      return y;
    }
    y.zero();
    y.expand(x.shape()).add_(x);
    return y;
  }
  std::string key = cache_key("reduce_sum", x, y);
  dnnl::primitive p = primitive_cache().get(key, [&] {
    dnnl::reduction::desc d(dnnl::algorithm::reduction_sum, md(x), md(y), 0.f, 0.f);
    return dnnl::reduction(dnnl::reduction::primitive_desc(d, engine()));
  });
  p.execute(stream(), {{DNNL_ARG_SRC, mem(x)}, {DNNL_ARG_DST, mem(y)}});
  stream().wait();
  return y;
}

Shape kept_shape(const Tensor& x, const std::vector<int>& dims) {
  Shape kept = x.shape();
  for (int d : dims) {
    int a = d < 0 ? d + x.ndim() : d;
    TOLMACH_CHECK(a >= 0 && a < x.ndim(), "sum over dim " + std::to_string(d) + " of " + x.str());
    kept[a] = 1;
  }
  return kept;
}

Shape drop_dims(const Shape& s, const std::vector<int>& dims) {
  std::vector<bool> drop(s.size(), false);
  for (int d : dims) drop[d < 0 ? d + s.size() : d] = true;
  Shape r;
  for (size_t i = 0; i < s.size(); ++i)
    if (!drop[i]) r.push_back(s[i]);
  return r;
}

}  // namespace

Tensor sum(const Tensor& x) {
  Shape ones(x.ndim(), 1);
  return reduce_sum_keepdim(x, ones).view({});
}

Tensor sum(const Tensor& x, const std::vector<int>& dims, bool keepdim) {
  Tensor y = reduce_sum_keepdim(x, kept_shape(x, dims));
  return keepdim ? y : y.view(drop_dims(x.shape(), dims));
}

Tensor sum_to(const Tensor& g, const Shape& shape) {
  if (g.shape() == shape) return g;
  int n = g.ndim(), lead = n - static_cast<int>(shape.size());
  TOLMACH_CHECK(lead >= 0, "sum_to " + shape_str(shape) + " from " + g.str());
  Shape kept(n, 1);
  for (int i = 0; i < static_cast<int>(shape.size()); ++i) {
    TOLMACH_CHECK(shape[i] == g.dim(i + lead) || shape[i] == 1, "sum_to " + shape_str(shape) + " from " + g.str());
    kept[i + lead] = shape[i];
  }
  return reduce_sum_keepdim(g, kept).view(shape);
}

Var sum(const Var& x) {
  Tensor y = sum(x.value());
  Shape s = x.shape();
  return Var::make(y, {x}, [x, s](const Tensor& g) { x.add_grad(g.reshape({}).expand(s)); });
}

Var sum(const Var& x, const std::vector<int>& dims, bool keepdim) {
  Shape kept = kept_shape(x.value(), dims), s = x.shape();
  Tensor y = sum(x.value(), dims, keepdim);
  return Var::make(y, {x}, [x, kept, s](const Tensor& g) { x.add_grad(g.reshape(kept).expand(s)); });
}

Var mean(const Var& x) { return mean(x, [&] {
  std::vector<int> all(x.ndim());
  for (int i = 0; i < x.ndim(); ++i) all[i] = i;
  return all;
}()); }

Var mean(const Var& x, const std::vector<int>& dims, bool keepdim) {
  Shape kept = kept_shape(x.value(), dims), s = x.shape();
  float scale = static_cast<float>(shape_numel(kept)) / static_cast<float>(std::max<int64_t>(1, x.value().numel()));
  Tensor y = sum(x.value(), dims, keepdim);
  float* p = y.data<float>();
  for (int64_t i = 0; i < y.numel(); ++i) p[i] *= scale;
  return Var::make(y, {x}, [x, kept, s, scale](const Tensor& g) {
    Tensor gs = g.reshape(kept).clone();
    float* q = gs.data<float>();
    for (int64_t i = 0; i < gs.numel(); ++i) q[i] *= scale;
    x.add_grad(gs.expand(s));
  });
}

}  // namespace tolmach::ops
