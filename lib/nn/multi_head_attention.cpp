#include "nn/multi_head_attention.h"

#include "ops/attention.h"
#include "ops/shape.h"

namespace tolmach::nn {

MultiHeadAttention::MultiHeadAttention(int64_t d, int64_t h, Rng& rng, bool bias)
    : q(d, d, rng, bias), k(d, d, rng, bias), v(d, d, rng, bias), out(d, d, rng, bias), dim(d), heads(h) {
  TOLMACH_CHECK(h >= 1 && d % h == 0, "attention dim " + std::to_string(d) + " not divisible by " +
                                          std::to_string(h) + " heads");
}

Var MultiHeadAttention::split_heads(const Var& x) const {
  return ops::permute(ops::reshape(x, {x.dim(0), x.dim(1), heads, dim / heads}), {0, 2, 1, 3});
}

Var MultiHeadAttention::merge_heads(const Var& x) const {
  Var t = ops::contiguous(ops::permute(x, {0, 2, 1, 3}));
  return ops::reshape(t, {t.dim(0), t.dim(1), dim});
}

MultiHeadAttention::Output MultiHeadAttention::forward(const Var& query, const Var& key, const Var& value,
                                                       const std::vector<int64_t>& key_lengths, bool causal) const {
  auto a = ops::scaled_dot_product_attention(split_heads(q.forward(query)), split_heads(k.forward(key)),
                                             split_heads(v.forward(value)), key_lengths, causal);
  return {out.forward(merge_heads(a.context)), a.weights};
}

NamedParams MultiHeadAttention::parameters() const {
  NamedParams p;
  add_params(p, "q", q.parameters());
  add_params(p, "k", k.parameters());
  add_params(p, "v", v.parameters());
  add_params(p, "out", out.parameters());
  return p;
}

}  // namespace tolmach::nn
