#include "ops/activation.h"

#include "tensor/engine.h"

namespace tolmach::ops {

namespace {

using dnnl::algorithm;

struct Act {
  algorithm fwd, bwd;  // bwd: *_use_dst_for_bwd variants read the saved output
  bool bwd_uses_dst;
  const char* name;
  float alpha = 0.f;  // the algorithm's parameter (swish: x * sigmoid(alpha * x))
};

const Act kRelu{algorithm::eltwise_relu, algorithm::eltwise_relu_use_dst_for_bwd, true, "relu"};
const Act kGelu{algorithm::eltwise_gelu_erf, algorithm::eltwise_gelu_erf, false, "gelu"};
const Act kTanh{algorithm::eltwise_tanh, algorithm::eltwise_tanh_use_dst_for_bwd, true, "tanh"};
const Act kSigmoid{algorithm::eltwise_logistic, algorithm::eltwise_logistic_use_dst_for_bwd, true, "sigmoid"};
const Act kSwish{algorithm::eltwise_swish, algorithm::eltwise_swish, false, "swish", 1.f};
const Act kExp{algorithm::eltwise_exp, algorithm::eltwise_exp_use_dst_for_bwd, true, "exp"};
const Act kLog{algorithm::eltwise_log, algorithm::eltwise_log, false, "log"};
const Act kSqrt{algorithm::eltwise_sqrt, algorithm::eltwise_sqrt_use_dst_for_bwd, true, "sqrt"};

dnnl::eltwise_forward::primitive_desc fwd_pd(const Act& a, const dnnl::memory::desc& d, algorithm alg) {
  dnnl::eltwise_forward::desc fd(dnnl::prop_kind::forward_training, alg, d, a.alpha, 0.f);
  return dnnl::eltwise_forward::primitive_desc(fd, engine());
}

Tensor forward(const Act& a, const Tensor& x0) {
  Tensor x = x0.dtype() == DType::f32 ? x0.contiguous() : x0.to(DType::f32).contiguous();
  Tensor y = Tensor::empty(x.shape());
  if (x.numel() == 0) return y;
  Tensor xf = x.view({x.numel()}), yf = y.view({y.numel()});  // elementwise: shape is irrelevant
  dnnl::primitive p = primitive_cache().get(cache_key(std::string(a.name) + "_fwd", xf), [&] {
    return dnnl::eltwise_forward(fwd_pd(a, md(xf), a.fwd));
  });
  p.execute(stream(), {{DNNL_ARG_SRC, mem(xf)}, {DNNL_ARG_DST, mem(yf)}});
  stream().wait();
  return y;
}

// dx from dy and the saved src (x) or dst (y).
Tensor backward(const Act& a, const Tensor& g0, const Tensor& saved) {
  Tensor g = g0.contiguous();
  Tensor dx = Tensor::empty(saved.shape());
  if (dx.numel() == 0) return dx;
  Tensor gf = g.view({g.numel()}), sf = saved.view({saved.numel()}), df = dx.view({dx.numel()});
  dnnl::primitive p = primitive_cache().get(cache_key(std::string(a.name) + "_bwd", sf), [&] {
    dnnl::eltwise_backward::desc bd(a.bwd, md(gf), md(sf), a.alpha, 0.f);
    return dnnl::eltwise_backward(dnnl::eltwise_backward::primitive_desc(bd, engine(), fwd_pd(a, md(sf), a.bwd)));
  });
  p.execute(stream(), {{a.bwd_uses_dst ? DNNL_ARG_DST : DNNL_ARG_SRC, mem(sf)},
                       {DNNL_ARG_DIFF_DST, mem(gf)},
                       {DNNL_ARG_DIFF_SRC, mem(df)}});
  stream().wait();
  return dx;
}

Var apply(const Act& a, const Var& x) {
  Tensor y = forward(a, x.value());
  Tensor saved = a.bwd_uses_dst ? y : x.value().contiguous();
  const Act* act = &a;
  return Var::make(y, {x}, [x, saved, act](const Tensor& g) { x.add_grad(backward(*act, g, saved)); });
}

}  // namespace

Tensor relu(const Tensor& x) { return forward(kRelu, x); }
Tensor gelu(const Tensor& x) { return forward(kGelu, x); }
Tensor tanh(const Tensor& x) { return forward(kTanh, x); }
Tensor sigmoid(const Tensor& x) { return forward(kSigmoid, x); }
Tensor swish(const Tensor& x) { return forward(kSwish, x); }
Tensor exp(const Tensor& x) { return forward(kExp, x); }
Tensor log(const Tensor& x) { return forward(kLog, x); }
Tensor sqrt(const Tensor& x) { return forward(kSqrt, x); }

Var relu(const Var& x) { return apply(kRelu, x); }
Var gelu(const Var& x) { return apply(kGelu, x); }
Var tanh(const Var& x) { return apply(kTanh, x); }
Var sigmoid(const Var& x) { return apply(kSigmoid, x); }
Var swish(const Var& x) { return apply(kSwish, x); }
Var exp(const Var& x) { return apply(kExp, x); }
Var log(const Var& x) { return apply(kLog, x); }
Var sqrt(const Var& x) { return apply(kSqrt, x); }

}  // namespace tolmach::ops
