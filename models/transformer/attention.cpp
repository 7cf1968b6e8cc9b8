#include "models/transformer/attention.h"

#include <algorithm>
#include <cstring>

#include "ops/attention.h"
#include "ops/decode_attention.h"
#include "ops/matmul.h"
#include "ops/shape.h"

namespace tolmach::transformer {

Var head_view(const Var& x, int64_t n, int64_t i, int64_t heads) {
  int64_t d = x.dim(2) / n;
  Var parts = ops::reshape(x, {x.dim(0), x.dim(1), n, heads, d / heads});
  return ops::permute(ops::select(parts, 2, i), {0, 2, 1, 3});
}

Var merge_heads(const Var& x) {
  Var t = ops::contiguous(ops::permute(x, {0, 2, 1, 3}));
  return ops::reshape(t, {t.dim(0), t.dim(1), t.dim(2) * t.dim(3)});
}

namespace {

// The context, with dropout on the attention weights when training asks for it (the
// fused op's context is then recomputed from the dropped weights).
Var context(const ops::AttentionOutput& a, const Var& v, const Dropout& drop, uint64_t tag) {
  if (drop.attention <= 0.f) return a.context;
  return ops::matmul(drop.apply(a.weights, drop.attention, tag), v);
}

}  // namespace

// ---- KVCache

namespace {

// Buffers hold rows in steps of 32: as hypotheses finish, a cache that grows is reallocated
// for the rows left, in few enough sizes for the allocator to reuse across batches.
int64_t buffer_rows(int64_t rows) { return (rows + 31) / 32 * 32; }

}  // namespace

void KVCache::gather(const std::vector<int>& parents, std::vector<float>& staging) {
  if (!k.defined()) return;
  const int64_t new_rows = static_cast<int64_t>(parents.size()), old_rows = rows;
  for (int p : parents)
    TOLMACH_CHECK(p >= 0 && p < old_rows, "step parent " + std::to_string(p) + " of " + std::to_string(old_rows) + " rows");
  const int64_t cap = k.dim(1), D = k.dim(2), row = cap * D;
  const size_t bytes = static_cast<size_t>(length * D) * sizeof(float);
  if (new_rows > old_rows) {  // the first step fans each sentence's one row out to its beam: new buffers
    Tensor nk = Tensor::empty({buffer_rows(new_rows), cap, D}), nv = Tensor::empty(nk.shape());
    for (int64_t r = 0; r < new_rows; ++r) {
      std::memcpy(nk.data<float>() + r * row, k.data<float>() + parents[r] * row, bytes);
      std::memcpy(nv.data<float>() + r * row, v.data<float>() + parents[r] * row, bytes);
    }
    k = nk, v = nv, rows = new_rows;
    return;
  }
  // In place: beam search mostly keeps a row where it was (a hypothesis' best continuation),
  // so only the other rows copy their parent's; a parent that is itself overwritten is staged
  // first (a copy of those rows only, where a second buffer would double the cache).
  std::vector<char> moved(old_rows, 0);
  std::vector<int64_t> slot(old_rows, -1);  // a staged parent's place in `staging`
  int64_t staged = 0;
  for (int64_t r = 0; r < new_rows; ++r) moved[r] = parents[r] != r;
  for (int64_t r = 0; r < new_rows; ++r)
    if (moved[r] && moved[parents[r]] && slot[parents[r]] < 0) slot[parents[r]] = staged++;
  const size_t n = static_cast<size_t>(length * D);
  staging.resize(2 * n * static_cast<size_t>(staged));
  float *k0 = k.data<float>(), *v0 = v.data<float>();
  for (int64_t q = 0; q < old_rows; ++q)
    if (slot[q] >= 0) {
      std::memcpy(staging.data() + 2 * n * slot[q], k0 + q * row, bytes);
      std::memcpy(staging.data() + 2 * n * slot[q] + n, v0 + q * row, bytes);
    }
  for (int64_t r = 0; r < new_rows; ++r)
    if (moved[r]) {
      const int64_t p = parents[r];
      std::memcpy(k0 + r * row, slot[p] >= 0 ? staging.data() + 2 * n * slot[p] : k0 + p * row, bytes);
      std::memcpy(v0 + r * row, slot[p] >= 0 ? staging.data() + 2 * n * slot[p] + n : v0 + p * row, bytes);
    }
  rows = new_rows;
}

void KVCache::append(const Tensor& kt, const Tensor& vt) {
  const int64_t D = kt.dim(2);
  TOLMACH_CHECK(kt.stride(2) == 1 && vt.stride(2) == 1, "KVCache::append wants unit-stride rows");
  TOLMACH_CHECK(length == 0 || kt.dim(0) == rows, "KVCache::append of " + kt.str() + " to " + std::to_string(rows) + " rows");
  rows = kt.dim(0);
  if (!k.defined() || k.dim(1) == length) {  // grow (doubling) and keep what is cached
    const int64_t cap = std::max<int64_t>(16, 2 * length);
    Tensor nk = Tensor::empty({buffer_rows(rows), cap, D}), nv = Tensor::empty(nk.shape());
    for (int64_t r = 0; length > 0 && r < rows; ++r) {
      std::memcpy(nk.data<float>() + r * cap * D, k.data<float>() + r * k.dim(1) * D, length * D * sizeof(float));
      std::memcpy(nv.data<float>() + r * cap * D, v.data<float>() + r * v.dim(1) * D, length * D * sizeof(float));
    }
    k = nk;
    v = nv;
  }
  const int64_t cap = k.dim(1);
  float *dk = k.data<float>() + length * D, *dv = v.data<float>() + length * D;
  const float *sk = kt.data<float>(), *sv = vt.data<float>();
  for (int64_t r = 0; r < rows; ++r) {
    std::memcpy(dk + r * cap * D, sk + r * kt.stride(0), D * sizeof(float));
    std::memcpy(dv + r * cap * D, sv + r * vt.stride(0), D * sizeof(float));
  }
  ++length;
}

// ---- SelfAttention

SelfAttention::SelfAttention(int64_t dim, int64_t h, nn::Rng& rng)
    : qkv(dim, 3 * dim, rng), out(dim, dim, rng), heads(h) {}

Var SelfAttention::forward(const Var& x, const std::vector<int64_t>& key_lengths, bool causal, const Dropout& drop,
                           uint64_t tag) const {
  Var p = qkv.forward(x);
  Var v = head_view(p, 3, 2, heads);
  auto a = ops::scaled_dot_product_attention(head_view(p, 3, 0, heads), head_view(p, 3, 1, heads), v, key_lengths,
                                             causal);
  return out.forward(merge_heads(context(a, v, drop, tag)));
}

Var SelfAttention::step(const Var& x, KVCache& cache) const {
  Tensor p = qkv.forward(x).value();  // [rows, 1, 3D]
  const int64_t rows = p.dim(0), D = p.dim(2) / 3;
  cache.append(p.slice(2, D, 2 * D), p.slice(2, 2 * D, 3 * D));
  return out.forward(Var(ops::decode_attention(p.slice(2, 0, D), head_view(Var(cache.keys()), 1, 0, heads).value(),
                                               head_view(Var(cache.values()), 1, 0, heads).value(), {},
                                               std::vector<int64_t>(rows, cache.length))));
}

nn::NamedParams SelfAttention::parameters() const {
  nn::NamedParams p;
  nn::add_params(p, "qkv", qkv.parameters());
  nn::add_params(p, "out", out.parameters());
  return p;
}

// ---- CrossAttention

CrossAttention::CrossAttention(int64_t dim, int64_t h, nn::Rng& rng)
    : q(dim, dim, rng), kv(dim, 2 * dim, rng), out(dim, dim, rng), heads(h) {}

CrossAttention::Memory CrossAttention::memory(const Var& encoded, const std::vector<int64_t>& lengths) const {
  Var p = kv.forward(encoded);
  return {head_view(p, 2, 0, heads), head_view(p, 2, 1, heads), lengths};
}

Var CrossAttention::forward(const Var& x, const Memory& m, Var* weights, const Dropout& drop, uint64_t tag) const {
  auto a = ops::scaled_dot_product_attention(head_view(q.forward(x), 1, 0, heads), m.k, m.v, m.lengths);
  if (weights) *weights = a.weights;
  return out.forward(merge_heads(context(a, m.v, drop, tag)));
}

Var CrossAttention::step(const Var& x, const Memory& m, const std::vector<int>& sentence, Tensor* weights) const {
  const int64_t rows = x.value().dim(0);
  TOLMACH_CHECK(static_cast<int64_t>(sentence.size()) == rows, "cross-attention step: sentences for " +
                                                                   std::to_string(sentence.size()) + " of " + std::to_string(rows) + " rows");
  std::vector<int> entry(rows, 0);
  std::vector<int64_t> lengths(rows, 0);
  for (int64_t r = 0; r < rows; ++r) {
    if (sentence[r] < 0) continue;  // padding: no memory, zero context
    TOLMACH_CHECK(sentence[r] < static_cast<int>(m.lengths.size()),
                  "step row of sentence " + std::to_string(sentence[r]) + " in a batch of " + std::to_string(m.lengths.size()));
    entry[r] = sentence[r];
    lengths[r] = m.lengths[sentence[r]];
  }
  return out.forward(Var(ops::decode_attention(q.forward(x).value(), m.k.value(), m.v.value(), entry, lengths, weights)));
}

nn::NamedParams CrossAttention::parameters() const {
  nn::NamedParams p;
  nn::add_params(p, "q", q.parameters());
  nn::add_params(p, "kv", kv.parameters());
  nn::add_params(p, "out", out.parameters());
  return p;
}

}  // namespace tolmach::transformer
