#include "ops/attention.h"

#include <algorithm>
#include <cmath>

#include "ops/matmul.h"
#include "ops/shape.h"
#include "tensor/engine.h"

namespace tolmach::ops {

namespace {

struct Dims {
  int64_t B, H, Tq, Tk;
  std::vector<int64_t> lengths;
  bool causal;
  // Number of keys (a prefix) row r = ((b * H + h) * Tq + i) may attend.
  int64_t allowed(int64_t r) const {
    int64_t b = r / (H * Tq), i = r % Tq;
    int64_t n = lengths.empty() ? Tk : std::min(lengths[b], Tk);
    if (causal) n = std::min(n, i + Tk - Tq + 1);
    return std::max<int64_t>(n, 0);
  }
};

// In place: each row of s [rows, Tk] becomes the softmax over its allowed prefix, 0 elsewhere.
// Disallowed keys are set to -inf and the rows go through oneDNN's (vectorised) softmax;
// rows with no allowed key are zeroed afterwards instead of becoming NaN.
void masked_softmax(const Dims& d, float* s) {
  int64_t rows = d.B * d.H * d.Tq, Tk = d.Tk;
  bool empty_rows = false;
  for (int64_t r = 0; r < rows; ++r) {
    int64_t n = d.allowed(r);
    empty_rows = empty_rows || n == 0;
    std::fill(s + r * Tk + n, s + (r + 1) * Tk, n == 0 ? 0.f : -INFINITY);
  }
  dnnl::memory::desc md({rows, Tk}, dnnl::memory::data_type::f32, dnnl::memory::format_tag::ab);
  dnnl::primitive p = primitive_cache().get("attention_softmax|" + std::to_string(rows) + "," + std::to_string(Tk), [&] {
    dnnl::softmax_v2_forward::desc fd(dnnl::prop_kind::forward_inference, dnnl::algorithm::softmax_accurate, md, md, 1);
    return dnnl::softmax_v2_forward(dnnl::softmax_v2_forward::primitive_desc(fd, engine()));
  });
  dnnl::memory m(md, engine(), s);
  p.execute(stream(), {{DNNL_ARG_SRC, m}, {DNNL_ARG_DST, m}});
  stream().wait();
  if (empty_rows)
    for (int64_t r = 0; r < rows; ++r)
      if (d.allowed(r) == 0) std::fill(s + r * Tk, s + (r + 1) * Tk, 0.f);
}

// In place: dp becomes d(scores) = scale * p * (dp + dw - sum_j p_j (dp_j + dw_j)), where dw
// is the gradient reaching the weights output directly.
void masked_softmax_backward(const Dims& d, const float* p, const float* dw, float* dp, float scale) {
  int64_t rows = d.B * d.H * d.Tq, Tk = d.Tk;
  parallel_for(rows, rows * Tk, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
      const float *pr = p + r * Tk, *wr = dw + r * Tk;
      float* gr = dp + r * Tk;
      int64_t n = d.allowed(r);
      float dot = 0;
#pragma omp simd reduction(+ : dot)
      for (int64_t j = 0; j < n; ++j) dot += pr[j] * (gr[j] + wr[j]);
#pragma omp simd
      for (int64_t j = 0; j < n; ++j) gr[j] = scale * pr[j] * (gr[j] + wr[j] - dot);
      for (int64_t j = n; j < Tk; ++j) gr[j] = 0.f;
    }
  }, 1 << 15);
}

}  // namespace

AttentionOutput scaled_dot_product_attention(const Var& q, const Var& k, const Var& v,
                                             const std::vector<int64_t>& key_lengths, bool causal, float scale) {
  const Tensor &qv = q.value(), &kv = k.value(), &vv = v.value();
  TOLMACH_CHECK(qv.ndim() == 4 && kv.ndim() == 4 && vv.ndim() == 4,
                "attention wants q, k, v as [B, H, T, d], got " + qv.str() + ", " + kv.str() + ", " + vv.str());
  Dims d{qv.dim(0), qv.dim(1), qv.dim(2), kv.dim(2), key_lengths, causal};
  int64_t dk = qv.dim(3), dv = vv.dim(3);
  TOLMACH_CHECK(kv.dim(0) == d.B && kv.dim(1) == d.H && kv.dim(3) == dk && vv.dim(0) == d.B && vv.dim(1) == d.H &&
                    vv.dim(2) == d.Tk,
                "attention shapes do not match: q " + qv.str() + ", k " + kv.str() + ", v " + vv.str());
  TOLMACH_CHECK(key_lengths.empty() || static_cast<int64_t>(key_lengths.size()) == d.B,
                "attention needs one key length per batch entry");
  float s = scale > 0 ? scale : 1.f / std::sqrt(static_cast<float>(dk));

  // Context and weights share one buffer (one autograd node with two outputs).
  int64_t nc = d.B * d.H * d.Tq * dv, nw = d.B * d.H * d.Tq * d.Tk;
  Tensor packed = Tensor::empty({nc + nw});
  Tensor ctx = packed.slice(0, 0, nc).view({d.B, d.H, d.Tq, dv});
  Tensor p = packed.slice(0, nc, nc + nw).view({d.B, d.H, d.Tq, d.Tk});
  if (nw > 0) {
    matmul_into(qv, kv, p, false, true, s);
    masked_softmax(d, p.data<float>());
  }
  if (nc > 0) matmul_into(p, vv, ctx);

  Var out = Var::make(packed, {q, k, v}, [q, k, v, qv, kv, vv, p, d, s, nc, nw](const Tensor& g0) {
    Tensor g = g0.contiguous();
    Tensor gctx = g.slice(0, 0, nc).view({d.B, d.H, d.Tq, vv.dim(3)});
    Tensor gw = g.slice(0, nc, nc + nw);
    if (v.requires_grad()) v.add_grad(matmul(p, gctx, true, false));
    if (!q.requires_grad() && !k.requires_grad()) return;
    Tensor ds = matmul(gctx, vv, false, true);
    masked_softmax_backward(d, p.data<float>(), gw.data<float>(), ds.data<float>(), s);
    if (q.requires_grad()) q.add_grad(matmul(ds, kv));
    if (k.requires_grad()) k.add_grad(matmul(ds, qv, true, false));
  });
  AttentionOutput o;
  o.context = reshape(slice(out, 0, 0, nc), {d.B, d.H, d.Tq, dv});
  o.weights = reshape(slice(out, 0, nc, nc + nw), {d.B, d.H, d.Tq, d.Tk});
  return o;
}

}  // namespace tolmach::ops
