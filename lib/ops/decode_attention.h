#pragma once
// Attention of one new query per row over that row's own cached keys and values: the
// decoder's self-attention at one step of incremental decoding (inference only).
//
//   q [rows, 1, D]          (unit last stride; e.g. a slice of the fused q|k|v projection)
//   k, v [rows, cap, D]     the row's cache; positions [0, length) are valid
//   context [rows, 1, D]    per head h (D = heads x dh, head h owns columns h*dh..):
//                           softmax(q_h . k_h,j / sqrt(dh) over j < length) weighted sum of v_h,j
//
// The same numbers as scaled_dot_product_attention with Tq = 1, computed in one pass per
// (row, head) without oneDNN: each step's shape is new (rows and length change), and the
// tiny batched GEMMs plus a softmax per step cost more in kernel generation and call
// overhead than in arithmetic.
#include <cstdint>

#include "tensor/tensor.h"

namespace tolmach::ops {

Tensor decode_self_attention(const Tensor& q, const Tensor& k, const Tensor& v, int64_t length, int64_t heads);

}  // namespace tolmach::ops
