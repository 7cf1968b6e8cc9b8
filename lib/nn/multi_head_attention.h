#pragma once
// Multi-head attention (Vaswani et al. 2017): query/key/value projections, scaled
// dot-product attention per head (ops::scaled_dot_product_attention, with key-padding and
// causal masks), output projection. Parameters "q.*", "k.*", "v.*", "out.*" (Linear).
#include <vector>

#include "nn/linear.h"

namespace tolmach::nn {

class MultiHeadAttention {
 public:
  MultiHeadAttention() = default;
  MultiHeadAttention(int64_t dim, int64_t heads, Rng& rng, bool bias = true);

  struct Output {
    Var output;   // [B, Tq, dim]
    Var weights;  // [B, heads, Tq, Tk] attention weights (alignments)
  };
  // query [B, Tq, dim], key and value [B, Tk, dim]; key_lengths: per batch entry (empty: all).
  // causal: query i sees keys j <= i + Tk - Tq (decoder self-attention, also step by step).
  Output forward(const Var& query, const Var& key, const Var& value, const std::vector<int64_t>& key_lengths = {},
                 bool causal = false) const;

  // [B, T, dim] <-> [B, heads, T, dim / heads] (split is a view; merge copies).
  Var split_heads(const Var& x) const;
  Var merge_heads(const Var& x) const;

  NamedParams parameters() const;

  Linear q, k, v, out;
  int64_t dim = 0, heads = 1;
};

}  // namespace tolmach::nn
