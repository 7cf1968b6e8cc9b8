#include "ops/cross_entropy.h"

#include <algorithm>
#include <cmath>

#include "ops/activation.h"
#include "ops/softmax.h"

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
  const int32_t* tp = targets.data<int32_t>();
  for (int64_t i = 0; i < N; ++i)
    TOLMACH_CHECK(tp[i] == opts.ignore_index || (tp[i] >= 0 && tp[i] < V),
                  "cross_entropy target " + std::to_string(tp[i]) + " outside [0, " + std::to_string(V) + ")");

  // Log-probabilities from oneDNN's vectorised log-softmax; the loss needs no further exp.
  const float e = opts.label_smoothing;
  Tensor lp = log_softmax(x, -1);
  const float* lpp = lp.data<float>();
  double total = 0;
  int64_t count = 0;
#pragma omp parallel for reduction(+ : total, count) if (N * V > 65536)
  for (int64_t i = 0; i < N; ++i) {
    if (tp[i] == opts.ignore_index) continue;
    const float* row = lpp + i * V;
    float sum = 0.f;
#pragma omp simd reduction(+ : sum)
    for (int64_t j = 0; j < V; ++j) sum += row[j];
    total += -(1.0 - e) * row[tp[i]] - (e / V) * sum;
    ++count;
  }
  float scale = opts.mean ? (count ? 1.f / static_cast<float>(count) : 0.f) : 1.f;
  Tensor loss = Tensor::scalar(static_cast<float>(total * scale));
  Shape lshape = lv.shape();
  int32_t ignore = opts.ignore_index;
  return Var::make(loss, {logits}, [logits, lp, targets, scale, e, ignore, lshape](const Tensor& g) {
    // d loss / d logits = gs * (softmax - q) per counted row (q: the smoothed target
    // distribution), 0 for ignored rows: one vectorised exp and one pass. (oneDNN 2.6's softmax
    // backward has no AVX2 kernel: its reference code and scalar expf took 11% of training there.)
    int64_t N = lp.dim(0), V = lp.dim(1);
    float gs = g.item() * scale;
    Tensor dx = exp(lp);
    const int32_t* tp = targets.data<int32_t>();
    float* d = dx.data<float>();
    const float smooth = gs * e / static_cast<float>(V);
#pragma omp parallel for if (N * V > 65536)
    for (int64_t i = 0; i < N; ++i) {
      float* row = d + i * V;
      if (tp[i] == ignore) {
        std::fill_n(row, V, 0.f);
        continue;
      }
#pragma omp simd
      for (int64_t j = 0; j < V; ++j) row[j] = gs * row[j] - smooth;
      row[tp[i]] -= gs * (1.f - e);
    }
    dx = dx.view(lshape);  // sole owner: adopted by add_grad, not copied
    logits.add_grad(std::move(dx));
  });
}

}  // namespace tolmach::ops
