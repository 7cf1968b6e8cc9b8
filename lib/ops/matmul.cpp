#include "ops/matmul.h"

#include <algorithm>
#include <unordered_map>

#include "ops/reduce.h"
#include "tensor/cpu_support.h"
#include "tensor/engine.h"

namespace tolmach::ops {

namespace {

// oneDNN's matmul reads row- or column-major matrices; anything else is copied first.
Tensor matrix_layout(const Tensor& t) {
  int n = t.ndim();
  if (t.stride(n - 1) == 1 || t.stride(n - 2) == 1 || t.dim(-1) == 1 || t.dim(-2) == 1) return t;
  return t.contiguous();
}

// Prepends size-1 dims up to rank n.
Tensor to_rank(const Tensor& t, int n) {
  Tensor r = t;
  while (r.ndim() < n) r = r.unsqueeze(0);
  return r;
}

}  // namespace

void matmul_into(const Tensor& a0, const Tensor& b0, Tensor& c, bool trans_a, bool trans_b, float alpha,
                 float beta, const Tensor& bias) {
  TOLMACH_CHECK(a0.ndim() >= 2 && b0.ndim() >= 2, "matmul needs matrices, got " + a0.str() + " x " + b0.str());
  TOLMACH_CHECK(a0.dtype() == b0.dtype() && (a0.dtype() == DType::f32 || a0.dtype() == DType::bf16),
                "matmul operands must both be f32 or both bf16: " + a0.str() + " x " + b0.str());
  TOLMACH_CHECK(c.dtype() == DType::f32, "matmul result must be f32");
  if (a0.dtype() == DType::bf16 && !cpu_has_bf16_gemm())
    return matmul_into(a0.to(DType::f32), b0.to(DType::f32), c, trans_a, trans_b, alpha, beta, bias);
  Tensor a = matrix_layout(trans_a ? a0.transpose(-1, -2) : a0);
  Tensor b = matrix_layout(trans_b ? b0.transpose(-1, -2) : b0);
  TOLMACH_CHECK(a.dim(-1) == b.dim(-2), "matmul inner dims differ: " + a.str() + " x " + b.str() +
                                            (trans_a ? " (a^T)" : "") + (trans_b ? " (b^T)" : ""));
  // [batch..., M, K] x [K, N] with a row-major collapsible a: one big GEMM.
  Tensor cc = c;
  if (b.ndim() == 2 && a.ndim() > 2 && a.is_contiguous() && c.is_contiguous()) {
    a = a.view({-1, a.dim(-1)});
    cc = c.view({-1, c.dim(-1)});
  }
  int n = std::max(a.ndim(), b.ndim());
  a = to_rank(a, n);
  b = to_rank(b, n);
  cc = to_rank(cc, n);
  for (int i = 0; i < n - 2; ++i)
    TOLMACH_CHECK((a.dim(i) == cc.dim(i) || a.dim(i) == 1) && (b.dim(i) == cc.dim(i) || b.dim(i) == 1),
                  "matmul batch dims do not broadcast: " + a0.str() + " x " + b0.str() + " -> " + c.str());
  TOLMACH_CHECK(cc.dim(-2) == a.dim(-2) && cc.dim(-1) == b.dim(-1),
                "matmul result shape " + c.str() + " for " + a.str() + " x " + b.str());

  Tensor bb;  // bias as [1, ..., 1, N]
  if (bias.defined()) {
    TOLMACH_CHECK(bias.dtype() == DType::f32 && bias.numel() == cc.dim(-1),
                  "matmul bias " + bias.str() + " for result " + c.str());
    Shape bs(n, 1);
    bs.back() = cc.dim(-1);
    bb = bias.contiguous().view(bs);
  }
  std::string key = cache_key("matmul", a, b, cc, bb) + "|" + float_key(alpha) + "|" + float_key(beta);
  dnnl::primitive p = primitive_cache().get(key, [&] {
    dnnl::primitive_attr attr;
    if (alpha != 1.f) attr.set_output_scales(0, {alpha});
    if (beta != 0.f) {
      dnnl::post_ops po;
      po.append_sum(beta);
      attr.set_post_ops(po);
    }
    dnnl::matmul::desc d = bb.defined() ? dnnl::matmul::desc(md(a), md(b), md(bb), md(cc))
                                        : dnnl::matmul::desc(md(a), md(b), md(cc));
    return dnnl::matmul(dnnl::matmul::primitive_desc(d, attr, engine()));
  });
  std::unordered_map<int, dnnl::memory> args{
      {DNNL_ARG_SRC, mem(a)}, {DNNL_ARG_WEIGHTS, mem(b)}, {DNNL_ARG_DST, mem(cc)}};
  if (bb.defined()) args.emplace(DNNL_ARG_BIAS, mem(bb));
  p.execute(stream(), args);
  stream().wait();
}

Tensor matmul(const Tensor& a, const Tensor& b, bool trans_a, bool trans_b) {
  TOLMACH_CHECK(a.ndim() >= 2 && b.ndim() >= 2, "matmul needs matrices, got " + a.str() + " x " + b.str());
  int n = std::max(a.ndim(), b.ndim());
  Shape out(n);
  Tensor ra = to_rank(a, n), rb = to_rank(b, n);
  for (int i = 0; i < n - 2; ++i) out[i] = std::max(ra.dim(i), rb.dim(i));
  out[n - 2] = trans_a ? a.dim(-1) : a.dim(-2);
  out[n - 1] = trans_b ? b.dim(-2) : b.dim(-1);
  Tensor c = Tensor::empty(out);
  matmul_into(a, b, c, trans_a, trans_b);
  return c;
}

Tensor linear(const Tensor& x, const Tensor& w, const Tensor& b, bool trans_w) {
  TOLMACH_CHECK(w.ndim() == 2, "linear weight must be 2-D, got " + w.str());
  Shape out = x.shape();
  out.back() = trans_w ? w.dim(0) : w.dim(1);
  Tensor y = Tensor::empty(out);
  matmul_into(x, w, y, false, trans_w, 1.f, 0.f, b);
  return y;
}

namespace {
DType g_linear_dtype = DType::f32;
}

void set_linear_compute_dtype(DType t) {
  TOLMACH_CHECK(t == DType::f32 || t == DType::bf16, "linear layers compute in f32 or bf16");
  g_linear_dtype = t;
}

Var linear(const Var& x, const Var& w, const Var& b, bool trans_w) {
  const DType ct = g_linear_dtype;
  Tensor xv = x.value().to(ct), wv = w.value().to(ct);
  Tensor y = linear(xv, wv, b.defined() ? b.value() : Tensor(), trans_w);
  std::vector<Var> inputs = {x, w};
  if (b.defined()) inputs.push_back(b);
  return Var::make(y, inputs, [x, w, b, xv, wv, trans_w, ct](const Tensor& g) {
    int64_t out = g.dim(-1), in = xv.dim(-1);
    Tensor g2 = g.contiguous().view({-1, out});
    Tensor gc = g2.to(ct), x2 = xv.reshape({-1, in});
    if (x.requires_grad()) x.add_grad(matmul(gc, wv, false, !trans_w).view(xv.shape()));
    if (w.requires_grad()) w.add_grad(trans_w ? matmul(gc, x2, true, false) : matmul(x2, gc, true, false));
    if (b.defined() && b.requires_grad()) b.add_grad(sum_to(g2, {out}));
  });
}

Var matmul(const Var& a, const Var& b, bool trans_a, bool trans_b) {
  Tensor av = a.value(), bv = b.value();
  Tensor y = matmul(av, bv, trans_a, trans_b);
  return Var::make(y, {a, b}, [a, b, av, bv, trans_a, trans_b](const Tensor& g) {
    // With A = op(a), B = op(b), Y = A B:  dA = G B^T,  dB = A^T G.
    // For a transposed operand compute the gradient of a itself: da = (G B^T)^T = B G^T.
    if (a.requires_grad()) {
      Tensor da = trans_a ? matmul(bv, g, trans_b, true) : matmul(g, bv, false, !trans_b);
      a.add_grad(sum_to(da, av.shape()));
    }
    if (b.requires_grad()) {
      Tensor db;
      if (!trans_a && !trans_b && bv.ndim() == 2 && av.ndim() > 2 && av.is_contiguous() && g.is_contiguous()) {
        db = matmul(av.view({-1, av.dim(-1)}), g.view({-1, g.dim(-1)}), true, false);  // one GEMM over batch
      } else {
        db = trans_b ? matmul(g, av, true, trans_a) : matmul(av, g, !trans_a, false);
      }
      b.add_grad(sum_to(db, bv.shape()));
    }
  });
}

}  // namespace tolmach::ops
