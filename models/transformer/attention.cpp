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

void KVCache::gather(const std::vector<int>& parents) {
  if (!k.defined()) return;
  const int64_t rows = static_cast<int64_t>(parents.size()), old_rows = k.dim(0);
  for (int p : parents)
    TOLMACH_CHECK(p >= 0 && p < old_rows, "step parent " + std::to_string(p) + " of " + std::to_string(old_rows) + " rows");
  // Beam search mostly keeps a row where it was (a hypothesis' best continuation): such rows
  // stay in place, and only the others copy their parent's row. A parent that is itself
  // overwritten is staged in the spare buffer first; when that would copy more than all
  // rows once, everything is gathered into the spare buffer instead, which is swapped in.
  // (The first step fans each sentence's one row out to its beam: more rows, new buffers.)
  const int64_t most = std::max(rows, old_rows);
  std::vector<char> moved(most, 0), staged(most, 0);
  const bool fan_out = rows > old_rows;
  int64_t copies = 0;
  for (int64_t r = 0; r < rows && !fan_out; ++r)
    if (parents[r] != r) moved[r] = 1, ++copies;
  for (int64_t r = 0; r < rows && !fan_out; ++r)
    if (moved[r] && moved[parents[r]] && !staged[parents[r]]) staged[parents[r]] = 1, ++copies;
  const bool in_place = !fan_out && copies <= rows;
  const bool any_staged = std::find(staged.begin(), staged.end(), 1) != staged.end();
  const int64_t cap = k.dim(1), D = k.dim(2), row = cap * D;
  const size_t bytes = static_cast<size_t>(length * D) * sizeof(float);
  if ((!in_place || any_staged) && (!spare_k.defined() || spare_k.dim(0) < most || spare_k.dim(1) != cap)) {
    spare_k = Tensor::empty({most, cap, D});
    spare_v = Tensor::empty({most, cap, D});
  }
  float *k0 = k.data<float>(), *v0 = v.data<float>();
  float *sk = spare_k.defined() ? spare_k.data<float>() : nullptr, *sv = spare_v.defined() ? spare_v.data<float>() : nullptr;
  if (!in_place) {
    for (int64_t r = 0; r < rows; ++r) {
      std::memcpy(sk + r * row, k0 + parents[r] * row, bytes);
      std::memcpy(sv + r * row, v0 + parents[r] * row, bytes);
    }
    std::swap(k, spare_k);
    std::swap(v, spare_v);
  } else {
    for (int64_t q = 0; q < old_rows; ++q)
      if (staged[q]) {
        std::memcpy(sk + q * row, k0 + q * row, bytes);
        std::memcpy(sv + q * row, v0 + q * row, bytes);
      }
    for (int64_t r = 0; r < rows; ++r)
      if (moved[r]) {
        const int64_t p = parents[r];
        std::memcpy(k0 + r * row, (staged[p] ? sk : k0) + p * row, bytes);
        std::memcpy(v0 + r * row, (staged[p] ? sv : v0) + p * row, bytes);
      }
  }
  if (k.dim(0) != rows) {  // finished hypotheses dropped: keep the buffer, view its first rows
    k = k.slice(0, 0, rows);
    v = v.slice(0, 0, rows);
  }
}

void KVCache::append(const Tensor& kt, const Tensor& vt) {
  const int64_t rows = kt.dim(0), D = kt.dim(2);
  TOLMACH_CHECK(kt.stride(2) == 1 && vt.stride(2) == 1, "KVCache::append wants unit-stride rows");
  if (!k.defined() || k.dim(1) == length) {  // grow (doubling) and keep what is cached
    int64_t cap = std::max<int64_t>(16, 2 * length);
    Tensor nk = Tensor::empty({rows, cap, D}), nv = Tensor::empty({rows, cap, D});
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
  return out.forward(Var(ops::decode_attention(p.slice(2, 0, D), head_view(Var(cache.k), 1, 0, heads).value(),
                                               head_view(Var(cache.v), 1, 0, heads).value(), {},
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
