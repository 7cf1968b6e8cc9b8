#include "models/transformer/layers.h"

#include "ops/activation.h"
#include "ops/binary.h"

namespace tolmach::transformer {
namespace {
Activation activation_named(const std::string& name) {
  if (name == "gelu") return ops::gelu;
  if (name == "swish") return ops::swish;
  return ops::relu;
}
}  // namespace

FeedForward::FeedForward(int64_t dim, int64_t hidden, const std::string& activation, nn::Rng& rng)
    : w1(dim, hidden, rng), w2(hidden, dim, rng), activation(activation_named(activation)) {}

Var FeedForward::forward(const Var& x, const Dropout& drop, uint64_t tag) const {
  Var h = w1.forward(x);
  h = activation(h);
  return w2.forward(drop.apply(h, drop.ffn, tag));
}

nn::NamedParams FeedForward::parameters() const {
  nn::NamedParams p;
  nn::add_params(p, "w1", w1.parameters());
  nn::add_params(p, "w2", w2.parameters());
  return p;
}

namespace {
Residual residual(const TransformerConfig& c) { return {nn::LayerNorm(c.dim_emb, static_cast<float>(c.layer_norm_epsilon)), c.prenorm}; }
FeedForward feed_forward(const TransformerConfig& c, nn::Rng& rng) {
  return FeedForward(c.dim_emb, c.dim_ffn, c.ffn_activation, rng);
}
}  // namespace

EncoderLayer::EncoderLayer(const TransformerConfig& c, nn::Rng& rng)
    : self(c.dim_emb, c.heads, rng), ffn(feed_forward(c, rng)), r_self(residual(c)), r_ffn(residual(c)) {}

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

DecoderLayer::DecoderLayer(const TransformerConfig& c, nn::Rng& rng)
    : self(c.dim_emb, c.heads, rng), cross(c.dim_emb, c.heads, rng), ffn(feed_forward(c, rng)), r_self(residual(c)),
      r_cross(residual(c)), r_ffn(residual(c)) {}

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
