#include "ops/softmax.h"

#include "tensor/engine.h"

namespace tolmach::ops {

namespace {

using dnnl::algorithm;

int norm_axis(const Tensor& x, int axis) {
  int a = axis < 0 ? axis + x.ndim() : axis;
  TOLMACH_CHECK(a >= 0 && a < x.ndim(), "softmax axis " + std::to_string(axis) + " for " + x.str());
  return a;
}

dnnl::softmax_v2_forward::primitive_desc fwd_pd(algorithm alg, const dnnl::memory::desc& d, int axis) {
  dnnl::softmax_v2_forward::desc fd(dnnl::prop_kind::forward_training, alg, d, d, axis);
  return dnnl::softmax_v2_forward::primitive_desc(fd, engine());
}

// dst: x.numel() floats, contiguous like x (may be x's own buffer: oneDNN runs in place).
void forward_into(algorithm alg, const Tensor& x, int axis, void* dst) {
  if (x.numel() == 0) return;
  std::string key = cache_key(alg == algorithm::softmax_log ? "logsoftmax_fwd" : "softmax_fwd", x) +
                    std::to_string(axis);
  dnnl::primitive p =
      primitive_cache().get(key, [&] { return dnnl::softmax_v2_forward(fwd_pd(alg, md(x), axis)); });
  p.execute(stream(), {{DNNL_ARG_SRC, mem(x)}, {DNNL_ARG_DST, dnnl::memory(md(x), engine(), dst)}});
  stream().wait();
}

Tensor forward(algorithm alg, const Tensor& x0, int axis0) {
  const Tensor x = x0.to(DType::f32).contiguous();
  Tensor y = Tensor::empty(x.shape());
  forward_into(alg, x, norm_axis(x, axis0), y.raw());
  return y;
}

Tensor backward(algorithm alg, const Tensor& g0, const Tensor& y, int axis) {
  Tensor g = g0.contiguous();
  Tensor dx = Tensor::empty(y.shape());
  if (y.numel() == 0) return dx;
  std::string key = cache_key(alg == algorithm::softmax_log ? "logsoftmax_bwd" : "softmax_bwd", y) +
                    std::to_string(axis);
  dnnl::primitive p = primitive_cache().get(key, [&] {
    dnnl::memory::desc d = md(y);
    dnnl::softmax_v2_backward::desc bd(alg, d, d, d, axis);
    return dnnl::softmax_v2_backward(dnnl::softmax_v2_backward::primitive_desc(bd, engine(), fwd_pd(alg, d, axis)));
  });
  p.execute(stream(), {{DNNL_ARG_DST, mem(y)}, {DNNL_ARG_DIFF_DST, mem(g)}, {DNNL_ARG_DIFF_SRC, mem(dx)}});
  stream().wait();
  return dx;
}

Var apply(algorithm alg, const Var& x, int axis0) {
  int axis = norm_axis(x.value(), axis0);
  Tensor y = forward(alg, x.value(), axis);
  return Var::make(y, {x}, [x, y, alg, axis](const Tensor& g) { x.add_grad(backward(alg, g, y, axis)); });
}

}  // namespace

Tensor softmax(const Tensor& x, int axis) { return forward(algorithm::softmax_accurate, x, axis); }

void log_softmax_into(const Tensor& x0, float* dst) {
  const Tensor x = x0.to(DType::f32).contiguous();
  forward_into(algorithm::softmax_log, x, x.ndim() - 1, dst);
}
Tensor log_softmax(const Tensor& x, int axis) { return forward(algorithm::softmax_log, x, axis); }
Tensor softmax_backward(const Tensor& dy, const Tensor& y, int axis) {
  return backward(algorithm::softmax_accurate, dy, y.contiguous(), norm_axis(y, axis));
}
Tensor log_softmax_backward(const Tensor& dy, const Tensor& logp, int axis) {
  return backward(algorithm::softmax_log, dy, logp.contiguous(), norm_axis(logp, axis));
}
Var softmax(const Var& x, int axis) { return apply(algorithm::softmax_accurate, x, axis); }
Var log_softmax(const Var& x, int axis) { return apply(algorithm::softmax_log, x, axis); }

}  // namespace tolmach::ops
