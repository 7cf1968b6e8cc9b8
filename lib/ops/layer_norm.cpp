#include "ops/layer_norm.h"

#include "tensor/engine.h"

namespace tolmach::ops {

namespace {

const auto kFlags = dnnl::normalization_flags::use_scale | dnnl::normalization_flags::use_shift;

dnnl::layer_normalization_forward::primitive_desc fwd_pd(const dnnl::memory::desc& d, const dnnl::memory::desc& s,
                                                         float eps) {
  dnnl::layer_normalization_forward::desc fd(dnnl::prop_kind::forward_training, d, s, eps, kFlags);
  return dnnl::layer_normalization_forward::primitive_desc(fd, engine());
}

struct Saved {
  Tensor x2d, mean, var;  // x as [N, C], per-row statistics [N]
};

Tensor run_forward(const Tensor& x0, const Tensor& gamma, const Tensor& beta, float eps, Saved* saved) {
  TOLMACH_CHECK(x0.ndim() >= 1, "layer_norm of a scalar");
  int64_t C = x0.dim(-1);
  TOLMACH_CHECK(gamma.shape() == Shape{C} && beta.shape() == Shape{C},
                "layer_norm gain/bias " + gamma.str() + "/" + beta.str() + " for " + x0.str());
  Tensor x = (x0.dtype() == DType::f32 ? x0 : x0.to(DType::f32)).contiguous().view({-1, C});
  int64_t N = x.dim(0);
  Tensor y = Tensor::empty(x.shape());
  Tensor mean = Tensor::empty({N}), var = Tensor::empty({N});
  if (N > 0) {
    std::string key = cache_key("layer_norm_fwd", x) + "|" + float_key(eps);
    dnnl::primitive p = primitive_cache().get(key, [&] {
      return dnnl::layer_normalization_forward(fwd_pd(md(x), md(mean), eps));
    });
    Tensor g = gamma.contiguous(), b = beta.contiguous();
    p.execute(stream(), {{DNNL_ARG_SRC, mem(x)},
                         {DNNL_ARG_DST, mem(y)},
                         {DNNL_ARG_SCALE, mem(g)},
                         {DNNL_ARG_SHIFT, mem(b)},
                         {DNNL_ARG_MEAN, mem(mean)},
                         {DNNL_ARG_VARIANCE, mem(var)}});
    stream().wait();
  }
  if (saved) *saved = {x, mean, var};
  return y.view(x0.shape());
}

}  // namespace

Tensor layer_norm(const Tensor& x, const Tensor& gamma, const Tensor& beta, float eps) {
  return run_forward(x, gamma, beta, eps, nullptr);
}

Var layer_norm(const Var& x, const Var& gamma, const Var& beta, float eps) {
  Saved s;
  Tensor y = run_forward(x.value(), gamma.value(), beta.value(), eps, &s);
  Tensor gv = gamma.value().contiguous(), bv = beta.value().contiguous();
  Shape xshape = x.shape();
  return Var::make(y, {x, gamma, beta}, [x, gamma, beta, s, gv, bv, xshape, eps](const Tensor& g0) {
    Tensor g = g0.contiguous().view(s.x2d.shape());
    Tensor dx = Tensor::empty(s.x2d.shape());
    int64_t C = s.x2d.dim(1);
    Tensor dgamma = Tensor::empty({C}), dbeta = Tensor::empty({C});
    if (s.x2d.dim(0) == 0) {
      dgamma.zero();
      dbeta.zero();
    } else {
      std::string key = cache_key("layer_norm_bwd", s.x2d) + "|" + float_key(eps);
      dnnl::primitive p = primitive_cache().get(key, [&] {
        dnnl::memory::desc d = md(s.x2d), st = md(s.mean);
        dnnl::layer_normalization_backward::desc bd(dnnl::prop_kind::backward, d, d, st, eps, kFlags);
        return dnnl::layer_normalization_backward(
            dnnl::layer_normalization_backward::primitive_desc(bd, engine(), fwd_pd(d, st, eps)));
      });
      p.execute(stream(), {{DNNL_ARG_SRC, mem(s.x2d)},
                           {DNNL_ARG_DIFF_DST, mem(g)},
                           {DNNL_ARG_MEAN, mem(s.mean)},
                           {DNNL_ARG_VARIANCE, mem(s.var)},
                           {DNNL_ARG_SCALE, mem(gv)},
                           {DNNL_ARG_SHIFT, mem(bv)},  // oneDNN 2.6 insists, though unused
                           {DNNL_ARG_DIFF_SRC, mem(dx)},
                           {DNNL_ARG_DIFF_SCALE, mem(dgamma)},
                           {DNNL_ARG_DIFF_SHIFT, mem(dbeta)}});
      stream().wait();
    }
    if (x.requires_grad()) x.add_grad(dx.view(xshape));
    if (gamma.requires_grad()) gamma.add_grad(std::move(dgamma));
    if (beta.requires_grad()) beta.add_grad(std::move(dbeta));
  });
}

}  // namespace tolmach::ops
