#include "ops/cross_entropy.h"

#include <algorithm>
#include <cmath>

namespace tolmach::ops {

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
  const float* xp = x.data<float>();
  const int32_t* tp = targets.data<int32_t>();
  for (int64_t i = 0; i < N; ++i)
    TOLMACH_CHECK(tp[i] == opts.ignore_index || (tp[i] >= 0 && tp[i] < V),
                  "cross_entropy target " + std::to_string(tp[i]) + " outside [0, " + std::to_string(V) + ")");

  const float e = opts.label_smoothing;
  Tensor lse = Tensor::empty({N});  // per-row logsumexp, saved for backward
  float* lp = lse.data<float>();
  double total = 0;
  int64_t count = 0;
#pragma omp parallel for reduction(+ : total, count) if (N * V > 65536)
  for (int64_t i = 0; i < N; ++i) {
    const float* row = xp + i * V;
    float mx = row[0];
    for (int64_t j = 1; j < V; ++j) mx = std::max(mx, row[j]);
    float se = 0.f, sx = 0.f;
#pragma omp simd reduction(+ : se, sx)
    for (int64_t j = 0; j < V; ++j) {
      se += std::exp(row[j] - mx);
      sx += row[j];
    }
    lp[i] = mx + std::log(se);
    if (tp[i] == opts.ignore_index) continue;
    total += static_cast<double>(lp[i]) - (1.0 - e) * row[tp[i]] - (e / V) * sx;
    ++count;
  }
  float scale = opts.mean ? (count ? 1.f / static_cast<float>(count) : 0.f) : 1.f;
  Tensor loss = Tensor::scalar(static_cast<float>(total * scale));
  Shape lshape = lv.shape();
  int32_t ignore = opts.ignore_index;
  return Var::make(loss, {logits}, [logits, x, targets, lse, scale, e, ignore, lshape](const Tensor& g) {
    int64_t N = x.dim(0), V = x.dim(1);
    float gs = g.item() * scale;
    Tensor dx = Tensor::empty({N, V});
    const float* xp = x.data<float>();
    const int32_t* tp = targets.data<int32_t>();
    const float* lp = lse.data<float>();
    float* d = dx.data<float>();
    float smooth = e / static_cast<float>(V);
#pragma omp parallel for if (N * V > 65536)
    for (int64_t i = 0; i < N; ++i) {
      float* drow = d + i * V;
      if (tp[i] == ignore) {
        std::fill_n(drow, V, 0.f);
        continue;
      }
      const float* row = xp + i * V;
      float l = lp[i];
#pragma omp simd
      for (int64_t j = 0; j < V; ++j) drow[j] = gs * (std::exp(row[j] - l) - smooth);
      drow[tp[i]] -= gs * (1.f - e);
    }
    logits.add_grad(dx.view(lshape));
  });
}

}  // namespace tolmach::ops
