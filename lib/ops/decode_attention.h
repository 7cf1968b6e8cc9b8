#pragma once
// Attention of one new query per row, as decoding runs it at each step (inference only):
//
//   q [rows, 1, H * dh]        (unit last stride; e.g. a slice of a fused projection)
//   k, v [N, H, T, dh]         any strides with unit last stride (head views of a KV cache or
//                              of the encoder-decoder memory)
//   row r attends over entry entry[r] of k / v (entry empty: entry r), positions < lengths[r];
//   a row with length 0 gets a zero context.
//   context [rows, 1, H * dh]; weights, when asked, [rows, H, T] (0 beyond the length)
//
// The same numbers as scaled_dot_product_attention with Tq = 1, computed in one pass per
// (row, head) without oneDNN: the shapes change every step (rows finish, caches grow), and
// tiny batched GEMMs plus a softmax per new shape cost more in kernel generation and call
// overhead than in arithmetic. Rows of one sentence read its memory in place.
#include <cstdint>
#include <vector>

#include "tensor/tensor.h"

namespace tolmach::ops {

Tensor decode_attention(const Tensor& q, const Tensor& k, const Tensor& v, const std::vector<int>& entry,
                        const std::vector<int64_t>& lengths, Tensor* weights = nullptr);

}  // namespace tolmach::ops
