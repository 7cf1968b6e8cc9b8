#pragma once
// Scaled dot-product attention with key-padding and causal masks, forward and backward:
//
//   q [B, H, Tq, dk], k [B, H, Tk, dk], v [B, H, Tk, dv]   (any strides with unit last stride,
//                                                            e.g. permuted head views)
//   weights = softmax(scale * q k^T over the allowed keys)  [B, H, Tq, Tk]
//   context = weights v                                      [B, H, Tq, dv]
//
// Query i of batch b may attend key j when j < key_lengths[b] (all keys when key_lengths
// is empty) and, if causal, j <= i + (Tk - Tq): queries are the last Tq positions of the
// key sequence, so incremental decoding (Tq = 1) works unchanged. Disallowed keys get
// weight exactly 0; a query with no allowed key gets all-zero weights and context.
// scale <= 0 means 1 / sqrt(dk). The weights are an output too (alignments, guided
// alignment losses) and gradients flow into them.
#include <cstdint>
#include <vector>

#include "autograd/var.h"

namespace tolmach::ops {

struct AttentionOutput {
  Var context, weights;
};

AttentionOutput scaled_dot_product_attention(const Var& q, const Var& k, const Var& v,
                                             const std::vector<int64_t>& key_lengths = {}, bool causal = false,
                                             float scale = 0.f);

}  // namespace tolmach::ops
