#pragma once
// Cross-entropy from logits with label smoothing and ignored (padding) targets, fused with
// the log-softmax: between forward and backward it keeps one log-sum-exp per row, not the
// [N, V] log-probabilities, and the backward pass is one fused oneDNN pass over the logits.
//
//   logits [..., V] f32, targets [...] i32  ->  scalar loss
//
// With smoothing e the target distribution is q = (1 - e) * onehot(t) + e / V (PyTorch's
// definition), so loss_row = logsumexp(x) - (1 - e) x_t - (e / V) sum_j x_j.
// Rows whose target is ignore_index contribute nothing. `mean` divides by the number of
// counted rows (0 rows -> loss 0); otherwise the loss is their sum.
#include <cstdint>

#include "autograd/var.h"
#include "tensor/tensor.h"

namespace tolmach::ops {

struct CrossEntropyOptions {
  float label_smoothing = 0.f;
  int32_t ignore_index = -1;
  bool mean = true;
};

Var cross_entropy(const Var& logits, const Tensor& targets, const CrossEntropyOptions& opts = {});

// Number of targets that are not ignore_index (the token count behind a mean loss).
int64_t count_targets(const Tensor& targets, int32_t ignore_index);

}  // namespace tolmach::ops
