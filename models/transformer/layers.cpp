#include "models/transformer/layers.h"

#include "ops/activation.h"
#include "ops/binary.h"

namespace tolmach::transformer {

FeedForward::FeedForward(int64_t dim, int64_t hidden, const std::string& activation, nn::Rng& rng)
    : w1(dim, hidden, rng), w2(hidden, dim, rng), gelu(activation == "gelu") {}

Var FeedForward::forward(const Var& x, const Dropout& drop, uint64_t tag) const {
  Var h = w1.forward(x);
  h = gelu ? ops::gelu(h) : ops::relu(h);
  return w2.forward(drop.apply(h, drop.ffn, tag));
}

nn::NamedParams FeedForward::parameters() const {
  nn::NamedParams p;
  nn::add_params(p, "w1", w1.parameters());
  nn::add_params(p, "w2", w2.parameters());
  return p;
}

namespace {
Residual residual(int64_t dim, bool prenorm) { return {nn::LayerNorm(dim), prenorm}; }
}  // namespace

EncoderLayer::EncoderLayer(int64_t dim, int64_t heads, int64_t hidden, const std::string& activation, bool prenorm,
                           nn::Rng& rng)
    : self(dim, heads, rng), ffn(dim, hidden, activation, rng), r_self(residual(dim, prenorm)),
      r_ffn(residual(dim, prenorm)) {}

Var EncoderLayer::forward(const Var& x0, const std::vector<int64_t>& lengths, const Dropout& drop,
                          uint64_t tag) const {
  // Tags tag .. tag + 7 are this layer's.
  Var x = r_self.output(x0, drop(self.forward(r_self.input(x0), lengths, false, drop, tag + 4), tag));
  return r_ffn.output(x, drop(ffn.forward(r_ffn.input(x), drop, tag + 5), tag + 1));
}

nn::NamedParams EncoderLayer::parameters() const {
  nn::NamedParams p;
  nn::add_params(p, "self_attn", self.parameters());
  nn::add_params(p, "self_attn_norm", r_self.norm.parameters());
  nn::add_params(p, "ffn", ffn.parameters());
  nn::add_params(p, "ffn_norm", r_ffn.norm.parameters());
  return p;
}

DecoderLayer::DecoderLayer(int64_t dim, int64_t heads, int64_t hidden, const std::string& activation, bool prenorm,
                           nn::Rng& rng)
    : self(dim, heads, rng), cross(dim, heads, rng), ffn(dim, hidden, activation, rng),
      r_self(residual(dim, prenorm)), r_cross(residual(dim, prenorm)), r_ffn(residual(dim, prenorm)) {}

Var DecoderLayer::forward(const Var& x0, const CrossAttention::Memory& memory, const Dropout& drop, uint64_t tag,
                          Var* weights) const {
  // Tags tag .. tag + 7 are this layer's.
  Var x = r_self.output(x0, drop(self.forward(r_self.input(x0), {}, true, drop, tag + 4), tag));
  x = r_cross.output(x, drop(cross.forward(r_cross.input(x), memory, weights, drop, tag + 5), tag + 1));
  return r_ffn.output(x, drop(ffn.forward(r_ffn.input(x), drop, tag + 6), tag + 2));
}

Var DecoderLayer::step(const Var& x0, KVCache& cache, const CrossAttention::Memory& memory, const std::vector<int>& sentence,
                       Tensor* weights) const {
  Var x = r_self.output(x0, self.step(r_self.input(x0), cache));
  x = r_cross.output(x, cross.step(r_cross.input(x), memory, sentence, weights));
  return r_ffn.output(x, ffn.forward(r_ffn.input(x)));
}

nn::NamedParams DecoderLayer::parameters() const {
  nn::NamedParams p;
  nn::add_params(p, "self_attn", self.parameters());
  nn::add_params(p, "self_attn_norm", r_self.norm.parameters());
  nn::add_params(p, "cross_attn", cross.parameters());
  nn::add_params(p, "cross_attn_norm", r_cross.norm.parameters());
  nn::add_params(p, "ffn", ffn.parameters());
  nn::add_params(p, "ffn_norm", r_ffn.norm.parameters());
  return p;
}

}  // namespace tolmach::transformer
