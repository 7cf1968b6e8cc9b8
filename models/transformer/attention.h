#pragma once
// Multi-head attention as the Transformer uses it, with fused projections: self-attention
// projects q, k, v in one GEMM ([D] -> [3D]); encoder-decoder attention projects the memory
// to k, v in one GEMM once per sentence. Heads are strided views of the projections (no
// copy) and all heads run in one batched attention call.
//
// Incremental decoding: SelfAttention::step appends each new key/value to a KVCache whose
// rows follow the search's `parents`; CrossAttention::step reads each row's sentence memory
// in place. Both attend in one pass per row and head (ops::decode_attention).
#include <vector>

#include "nn/linear.h"
#include "ops/dropout.h"

namespace tolmach::transformer {

// Dropout of one forward pass: off at inference (all 0); while training a fresh seed per
// update, mixed with a tag per call site so every mask differs. p: sublayer outputs and
// embeddings; attention: attention weights; ffn: the feed-forward's hidden activations.
struct Dropout {
  float p = 0.f, attention = 0.f, ffn = 0.f;
  uint64_t seed = 0;
  Var operator()(const Var& x, uint64_t tag) const { return apply(x, p, tag); }
  Var apply(const Var& x, float rate, uint64_t tag) const {
    return rate > 0.f ? ops::dropout(x, rate, seed * 0x100000001b3ull + tag) : x;
  }
};

// [B, T, n * D] -> the i-th of n [B, heads, T, D / heads] views (no copy).
Var head_view(const Var& x, int64_t n, int64_t i, int64_t heads);
// [B, heads, T, dh] -> [B, T, heads * dh] (one copy).
Var merge_heads(const Var& x);

// Keys and values of past decoder positions, per search row: buffers [row capacity, capacity,
// D] of which keys() / values() view the live rows (finished hypotheses drop out of the first).
struct KVCache {
  Tensor k, v;
  int64_t rows = 0, length = 0;
  Tensor keys() const { return k.slice(0, 0, rows); }    // [rows, capacity, D]
  Tensor values() const { return v.slice(0, 0, rows); }
  // Rows of the next step: row r continues row parents[r] of this cache. `staging` holds
  // copies of rows it overwrites and still reads (one scratch for all of a decoder's layers).
  void gather(const std::vector<int>& parents, std::vector<float>& staging);
  // Appends k_t, v_t [rows, 1, D] (any strides) at position `length`.
  void append(const Tensor& kt, const Tensor& vt);
};

class SelfAttention {
 public:
  SelfAttention() = default;
  SelfAttention(int64_t dim, int64_t heads, nn::Rng& rng);
  // x [B, T, D]; keys beyond key_lengths[b] (empty: none) and, if causal, future keys masked.
  Var forward(const Var& x, const std::vector<int64_t>& key_lengths, bool causal, const Dropout& drop = {},
              uint64_t tag = 0) const;
  // x [rows, 1, D] (no gradient): attends over the cache plus itself, then appends itself.
  Var step(const Var& x, KVCache& cache) const;
  nn::NamedParams parameters() const;

  nn::Linear qkv, out;
  int64_t heads = 1;
};

class CrossAttention {
 public:
  struct Memory {
    Var k, v;  // [B, heads, S, dh]
    std::vector<int64_t> lengths;
  };
  CrossAttention() = default;
  CrossAttention(int64_t dim, int64_t heads, nn::Rng& rng);
  Memory memory(const Var& encoded, const std::vector<int64_t>& lengths) const;  // encoded [B, S, D]
  // x [B, T, D]; weights (if not null) gets the attention [B, heads, T, S] (before dropout).
  Var forward(const Var& x, const Memory& m, Var* weights, const Dropout& drop = {}, uint64_t tag = 0) const;
  // x [rows, 1, D] (no gradient); row r reads the memory of sentence[r] (-1: none, a zero
  // context). weights (if not null) gets [rows, heads, S].
  Var step(const Var& x, const Memory& m, const std::vector<int>& sentence, Tensor* weights) const;
  nn::NamedParams parameters() const;

  nn::Linear q, kv, out;
  int64_t heads = 1;
};

}  // namespace tolmach::transformer
