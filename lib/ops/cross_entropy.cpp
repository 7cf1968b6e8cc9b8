#include "ops/cross_entropy.h"

#include <algorithm>
#include <cmath>

#include "ops/softmax.h"
#include "tensor/engine.h"

namespace tolmach::ops {

namespace {

// dx = gs * exp(x - lse) - smooth (lse per row, broadcast): the softmax of each row scaled and
// shifted, in one oneDNN pass that reads the logits and writes the gradient. gs and smooth
// change every batch, so they enter as runtime operands of binary post-ops, not as
// constants baked into a new kernel.
Tensor scaled_softmax_minus(const Tensor& x, const Tensor& lse, float gs, float smooth) {
  Tensor dx = Tensor::empty(x.shape());
  Tensor gs_t = Tensor::full({1, 1}, gs), smooth_t = Tensor::full({1, 1}, smooth);
  dnnl::primitive p = primitive_cache().get(cache_key("scaled_softmax_minus", x, lse), [&] {
    dnnl::post_ops po;
    po.append_eltwise(1.f, dnnl::algorithm::eltwise_exp, 0.f, 0.f);
    po.append_binary(dnnl::algorithm::binary_mul, md(gs_t));
    po.append_binary(dnnl::algorithm::binary_sub, md(smooth_t));
    dnnl::primitive_attr attr;
    attr.set_post_ops(po);
    dnnl::binary::desc d(dnnl::algorithm::binary_sub, md(x), md(lse), md(dx));
    return dnnl::binary(dnnl::binary::primitive_desc(d, attr, engine()));
  });
  p.execute(stream(), {{DNNL_ARG_SRC_0, mem(x)},
                       {DNNL_ARG_SRC_1, mem(lse)},
                       {DNNL_ARG_DST, mem(dx)},
                       {DNNL_ARG_ATTR_MULTIPLE_POST_OP(1) | DNNL_ARG_SRC_1, mem(gs_t)},
                       {DNNL_ARG_ATTR_MULTIPLE_POST_OP(2) | DNNL_ARG_SRC_1, mem(smooth_t)}});
  stream().wait();
  return dx;
}

}  // namespace

int64_t count_targets(const Tensor& targets, int32_t ignore_index) {
  Tensor t = targets.contiguous();
  const int32_t* p = t.data<int32_t>();
  int64_t c = 0;
  for (int64_t i = 0; i < t.numel(); ++i) c += p[i] != ignore_index;
  return c;
}

Var cross_entropy(const Var& logits, const Tensor& targets0, const CrossEntropyOptions& opts) {
  const Tensor& lv = logits.value();
  TOLMACH_CHECK(lv.ndim() >= 1 && lv.dtype() == DType::f32, "cross_entropy logits " + lv.str());
  TOLMACH_CHECK(targets0.dtype() == DType::i32, "cross_entropy targets must be i32, got " + targets0.str());
  Shape tshape(lv.shape().begin(), lv.shape().end() - 1);
  TOLMACH_CHECK(targets0.shape() == tshape, "cross_entropy targets " + targets0.str() + " for logits " + lv.str());
  int64_t V = lv.dim(-1);
  Tensor x = lv.contiguous().view({-1, V});
  Tensor targets = targets0.contiguous();
  int64_t N = x.dim(0);
  const int32_t* tp = targets.data<int32_t>();
  for (int64_t i = 0; i < N; ++i)
    TOLMACH_CHECK(tp[i] == opts.ignore_index || (tp[i] >= 0 && tp[i] < V),
                  "cross_entropy target " + std::to_string(tp[i]) + " outside [0, " + std::to_string(V) + ")");

  // Log-probabilities from oneDNN's vectorised log-softmax; the loss needs no further exp.
  // Only each row's log-sum-exp (x_t - lp_t) is kept for the backward pass, not the [N, V]
  // log-probabilities.
  const float e = opts.label_smoothing;
  Tensor lse = Tensor::zeros({N, 1});
  double total = 0;
  int64_t count = 0;
  {
    Tensor lp = log_softmax(x, -1);
    const float *lpp = lp.data<float>(), *xp = x.data<float>();
    float* lsep = lse.data<float>();
#pragma omp parallel for reduction(+ : total, count) if (N * V > 65536)
    for (int64_t i = 0; i < N; ++i) {
      if (tp[i] == opts.ignore_index) continue;
      const float* row = lpp + i * V;
      float sum = 0.f;
#pragma omp simd reduction(+ : sum)
      for (int64_t j = 0; j < V; ++j) sum += row[j];
      total += -(1.0 - e) * row[tp[i]] - (e / V) * sum;
      lsep[i] = xp[i * V + tp[i]] - row[tp[i]];
      ++count;
    }
  }
  float scale = opts.mean ? (count ? 1.f / static_cast<float>(count) : 0.f) : 1.f;
  Tensor loss = Tensor::scalar(static_cast<float>(total * scale));
  Shape lshape = lv.shape();
  int32_t ignore = opts.ignore_index;
  return Var::make(loss, {logits}, [logits, x, lse, targets, scale, e, ignore, lshape](const Tensor& g) {
    // d loss / d logits = gs * (softmax - q) per counted row (q: the smoothed target
    // distribution), 0 for ignored rows: one fused oneDNN pass over the logits, then the target
    // column. (oneDNN 2.6's softmax backward has no AVX2 kernel: its reference code and scalar
    // expf took 11% of training there.)
    int64_t N = x.dim(0), V = x.dim(1);
    float gs = g.item() * scale;
    Tensor dx = scaled_softmax_minus(x, lse, gs, gs * e / static_cast<float>(V));
    const int32_t* tp = targets.data<int32_t>();
    float* d = dx.data<float>();
#pragma omp parallel for if (N > 256)
    for (int64_t i = 0; i < N; ++i) {
      if (tp[i] == ignore) std::fill_n(d + i * V, V, 0.f);
      else d[i * V + tp[i]] -= gs * (1.f - e);
    }
    dx = dx.view(lshape);  // sole owner: adopted by add_grad, not copied
    logits.add_grad(std::move(dx));
  });
}

}  // namespace tolmach::ops
