#include "train/optimizer.h"

#include <cmath>

namespace tolmach {

Adam::Adam(std::vector<Var> params, AdamOptions opts) : params_(std::move(params)), opts_(opts) {
  for (const Var& p : params_) {
    TOLMACH_CHECK(p.requires_grad(), "Adam: parameter does not require a gradient");
    m_.push_back(Tensor::zeros(p.shape()));
    v_.push_back(Tensor::zeros(p.shape()));
  }
}

void Adam::zero_grad() {
  for (const Var& p : params_) p.zero_grad();
}

void Adam::step(float lr) {
  ++step_;
  const float b1 = opts_.beta1, b2 = opts_.beta2, eps = opts_.eps, wd = opts_.weight_decay;
  const float c1 = 1.f - static_cast<float>(std::pow(b1, static_cast<double>(step_)));
  const float c2 = 1.f - static_cast<float>(std::pow(b2, static_cast<double>(step_)));
  const float step_size = lr / c1, inv_sqrt_c2 = 1.f / std::sqrt(c2);
  const bool decoupled = opts_.decoupled;
  for (size_t k = 0; k < params_.size(); ++k) {
    Var& p = params_[k];
    if (!p.grad().defined()) continue;
    Tensor& w = p.mutable_value();
    TOLMACH_CHECK(w.is_contiguous(), "Adam: parameter storage must be contiguous");
    Tensor g = p.grad().contiguous();
    float* wp = w.data<float>();
    const float* gp = g.data<float>();
    float* mp = m_[k].data<float>();
    float* vp = v_[k].data<float>();
    int64_t n = w.numel();
#pragma omp parallel for simd if (n > 65536)
    for (int64_t i = 0; i < n; ++i) {
      float gi = decoupled ? gp[i] : gp[i] + wd * wp[i];
      mp[i] = b1 * mp[i] + (1.f - b1) * gi;
      vp[i] = b2 * vp[i] + (1.f - b2) * gi * gi;
      float update = step_size * mp[i] / (std::sqrt(vp[i]) * inv_sqrt_c2 + eps);
      if (decoupled) update += lr * wd * wp[i];
      wp[i] -= update;
    }
  }
  zero_grad();
}

void Adam::set_state(const State& s) {
  TOLMACH_CHECK(s.m.size() == params_.size() && s.v.size() == params_.size(),
                "Adam state has " + std::to_string(s.m.size()) + " tensors for " + std::to_string(params_.size()) +
                    " parameters");
  for (size_t k = 0; k < params_.size(); ++k) {
    TOLMACH_CHECK(s.m[k].shape() == params_[k].shape() && s.v[k].shape() == params_[k].shape(),
                  "Adam state shape mismatch for parameter " + std::to_string(k));
    m_[k] = s.m[k].to(DType::f32).clone();
    v_[k] = s.v[k].to(DType::f32).clone();
  }
  step_ = s.step;
}

float clip_grad_norm(const std::vector<Var>& params, float max_norm) {
  double sq = 0;
  for (const Var& p : params) {
    if (!p.grad().defined()) continue;
    Tensor g = p.grad().contiguous();
    const float* gp = g.data<float>();
    int64_t n = g.numel();
    double s = 0;
#pragma omp parallel for simd reduction(+ : s) if (n > 65536)
    for (int64_t i = 0; i < n; ++i) s += static_cast<double>(gp[i]) * gp[i];
    sq += s;
  }
  float norm = static_cast<float>(std::sqrt(sq));
  if (max_norm > 0 && norm > max_norm) {
    float scale = max_norm / (norm + 1e-6f);
    for (const Var& p : params) {
      if (!p.grad().defined()) continue;
      Tensor g = p.grad();  // contiguous: owned by autograd
      float* gp = g.data<float>();
      int64_t n = g.numel();
#pragma omp parallel for simd if (n > 65536)
      for (int64_t i = 0; i < n; ++i) gp[i] *= scale;
    }
  }
  return norm;
}

}  // namespace tolmach
