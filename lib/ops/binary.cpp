#include "ops/binary.h"

#include <algorithm>

#include "ops/reduce.h"
#include "tensor/engine.h"

namespace tolmach::ops {

Shape broadcast_shape(const Shape& a, const Shape& b) {
  size_t n = std::max(a.size(), b.size());
  Shape r(n);
  for (size_t i = 0; i < n; ++i) {
    int64_t da = i < n - a.size() ? 1 : a[i - (n - a.size())];
    int64_t db = i < n - b.size() ? 1 : b[i - (n - b.size())];
    TOLMACH_CHECK(da == db || da == 1 || db == 1, "shapes " + shape_str(a) + " and " + shape_str(b) + " do not broadcast");
    r[i] = std::max(da, db);
  }
  return r;
}

namespace {

Tensor f32(const Tensor& t) { return t.dtype() == DType::f32 ? t : t.to(DType::f32); }

Tensor with_rank(Tensor t, int n) {
  while (t.ndim() < n) t = t.unsqueeze(0);
  return t;
}

// dst = a (op) b where a already has the output shape and b broadcasts (oneDNN binary
// broadcasts only its second source).
Tensor run_binary(dnnl::algorithm alg, const Tensor& a, const Tensor& b, const char* name) {
  Tensor y = Tensor::empty(a.shape());
  if (y.numel() == 0) return y;
  Tensor x0 = a.ndim() == 0 ? a.view({1}) : a;
  Tensor x1 = with_rank(b, std::max(1, a.ndim()));
  Tensor yy = a.ndim() == 0 ? y.view({1}) : y;
  std::string key = cache_key(name, x0, x1, yy);
  dnnl::primitive p = primitive_cache().get(key, [&] {
    dnnl::binary::desc d(alg, md(x0), md(x1), md(yy));
    return dnnl::binary(dnnl::binary::primitive_desc(d, engine()));
  });
  p.execute(stream(), {{DNNL_ARG_SRC_0, mem(x0)}, {DNNL_ARG_SRC_1, mem(x1)}, {DNNL_ARG_DST, mem(yy)}});
  stream().wait();
  return y;
}

Tensor binary(dnnl::algorithm alg, const Tensor& a0, const Tensor& b0, bool commutative, const char* name) {
  Tensor a = f32(a0), b = f32(b0);
  Shape out = broadcast_shape(a.shape(), b.shape());
  if (a.shape() == out) return run_binary(alg, a, b, name);
  if (commutative && b.shape() == out) return run_binary(alg, b, a, name);
  return run_binary(alg, a.expand(out).contiguous(), b, name);
}

}  // namespace

Tensor add(const Tensor& a, const Tensor& b) { return binary(dnnl::algorithm::binary_add, a, b, true, "add"); }
Tensor sub(const Tensor& a, const Tensor& b) { return binary(dnnl::algorithm::binary_sub, a, b, false, "sub"); }
Tensor mul(const Tensor& a, const Tensor& b) { return binary(dnnl::algorithm::binary_mul, a, b, true, "mul"); }

Tensor div(const Tensor& a, const Tensor& b) { return binary(dnnl::algorithm::binary_div, a, b, false, "div"); }

Tensor scale(const Tensor& a, float s) {
  Tensor y = f32(a).clone();
  float* p = y.data<float>();
  int64_t n = y.numel();
  parallel_for(n, n, [&](int64_t begin, int64_t end) {
#pragma omp simd
    for (int64_t i = begin; i < end; ++i) p[i] *= s;
  });
  return y;
}

Tensor add_scalar(const Tensor& a, float s) {
  Tensor y = f32(a).clone();
  float* p = y.data<float>();
  int64_t n = y.numel();
  parallel_for(n, n, [&](int64_t begin, int64_t end) {
#pragma omp simd
    for (int64_t i = begin; i < end; ++i) p[i] += s;
  });
  return y;
}

Var add(const Var& a, const Var& b) {
  Shape sa = a.shape(), sb = b.shape();
  return Var::make(add(a.value(), b.value()), {a, b}, [a, b, sa, sb](const Tensor& g) {
    if (a.requires_grad()) a.add_grad(sum_to(g, sa));
    if (b.requires_grad()) b.add_grad(sum_to(g, sb));
  });
}

Var sub(const Var& a, const Var& b) {
  Shape sa = a.shape(), sb = b.shape();
  return Var::make(sub(a.value(), b.value()), {a, b}, [a, b, sa, sb](const Tensor& g) {
    if (a.requires_grad()) a.add_grad(sum_to(g, sa));
    if (b.requires_grad()) b.add_grad(scale(sum_to(g, sb), -1.f));
  });
}

Var mul(const Var& a, const Var& b) {
  Tensor av = a.value(), bv = b.value();
  return Var::make(mul(av, bv), {a, b}, [a, b, av, bv](const Tensor& g) {
    if (a.requires_grad()) a.add_grad(sum_to(mul(g, bv), av.shape()));
    if (b.requires_grad()) b.add_grad(sum_to(mul(g, av), bv.shape()));
  });
}

Var div(const Var& a, const Var& b) {
  Tensor av = a.value(), bv = b.value();
  Tensor y = div(av, bv);
  return Var::make(y, {a, b}, [a, b, av, bv, y](const Tensor& g) {
    Tensor ga = div(g, bv);  // d/da = 1/b;  d/db = -a/b^2 = -y/b
    if (a.requires_grad()) a.add_grad(sum_to(ga, av.shape()));
    if (b.requires_grad()) b.add_grad(scale(sum_to(mul(ga, y), bv.shape()), -1.f));
  });
}

Var scale(const Var& a, float s) {
  return Var::make(scale(a.value(), s), {a}, [a, s](const Tensor& g) { a.add_grad(scale(g, s)); });
}

Var add_scalar(const Var& a, float s) {
  return Var::make(add_scalar(a.value(), s), {a}, [a](const Tensor& g) { a.add_grad(g); });
}

}  // namespace tolmach::ops
