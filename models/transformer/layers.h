#pragma once
// Encoder and decoder layers: attention and position-wise feed-forward sublayers, each with
// a residual connection and layer norm, either post-norm (Vaswani et al.: x = LN(x + f(x)))
// or pre-norm (x = x + f(LN(x)); the stack then ends with one more LN).
#include <string>
#include <vector>

#include "models/transformer/attention.h"
#include "models/transformer/config.h"
#include "nn/layer_norm.h"
#include "ops/activation.h"
#include "ops/binary.h"

namespace tolmach::transformer {

using Activation = Var (*)(const Var&);

class FeedForward {
 public:
  FeedForward() = default;
  FeedForward(int64_t dim, int64_t hidden, const std::string& activation, nn::Rng& rng);
  Var forward(const Var& x, const Dropout& drop = {}, uint64_t tag = 0) const;  // w2 drop(act(w1 x + b1)) + b2
  nn::NamedParams parameters() const;

  nn::Linear w1, w2;
  Activation activation = ops::relu;  // or ops::gelu, ops::swish: chosen once, by name
};

// The residual wrapper both layers use around each sublayer output.
struct Residual {
  nn::LayerNorm norm;
  bool prenorm = false;
  Var input(const Var& x) const { return prenorm ? norm.forward(x) : x; }  // what the sublayer reads
  Var output(const Var& x, const Var& y) const {                           // x + y, normed if post-norm
    Var s = ops::add(x, y);
    return prenorm ? s : norm.forward(s);
  }
};

class EncoderLayer {
 public:
  EncoderLayer() = default;
  EncoderLayer(const TransformerConfig& config, nn::Rng& rng);
  // x [B, S, D]; lengths: real source lengths. tag: distinct per layer (dropout masks).
  Var forward(const Var& x, const std::vector<int64_t>& lengths, const Dropout& drop, uint64_t tag) const;
  nn::NamedParams parameters() const;

  SelfAttention self;
  FeedForward ffn;
  Residual r_self, r_ffn;
};

class DecoderLayer {
 public:
  DecoderLayer() = default;
  DecoderLayer(const TransformerConfig& config, nn::Rng& rng);
  // Teacher-forced: x [B, T, D] (causal self-attention). weights (if not null) gets the
  // encoder-decoder attention [B, heads, T, S].
  Var forward(const Var& x, const CrossAttention::Memory& memory, const Dropout& drop, uint64_t tag,
              Var* weights = nullptr) const;
  // One position for every search row: x [rows, 1, D]; the cache already follows `parents`;
  // row r reads the memory of sentence[r] (-1: a padding row). weights: [rows, heads, S].
  Var step(const Var& x, KVCache& cache, const CrossAttention::Memory& memory, const std::vector<int>& sentence,
           Tensor* weights = nullptr) const;
  nn::NamedParams parameters() const;

  SelfAttention self;
  CrossAttention cross;
  FeedForward ffn;
  Residual r_self, r_cross, r_ffn;
};

}  // namespace tolmach::transformer
