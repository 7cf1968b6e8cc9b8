#pragma once
// Attention score functions score(h_t, h_s) between the decoder state h_t [B, H] and the
// encoder states h_s [B, S, K] (Luong et al. 2015, Bahdanau et al. 2015, Graves et al. 2014):
//
//   dot         h_t . k_s
//   scaled-dot  h_t . k_s / sqrt(H)
//   general     h_t^T W_a h_s                        (bilinear / multiplicative)
//   additive    v^T tanh(W_1 h_s + W_2 h_t + b)      (Bahdanau's MLP, Luong's "concat")
//   cosine      beta * cos(h_t, k_s)                 (content-based; beta a learned sharpness)
//   location    (W_a h_t)_s                           (target position only, no h_s)
//
// where k_s = h_s when K == H, else k_s = P h_s, a learned projection to H (a bidirectional
// encoder gives K = 2H): dot and cosine need equal sizes. Everything that depends on h_s only
// (P h_s, W_a h_s, W_1 h_s, normalised keys) is computed once per batch by keys(), so a decoder
// step costs one small matrix product per sentence.
#include <memory>
#include <string>

#include "autograd/var.h"
#include "nn/linear.h"
#include "nn/module.h"

namespace tolmach::rnn {

class Scorer {
 public:
  virtual ~Scorer() = default;
  // Per-batch precomputation from the encoder states [B, S, K].
  virtual Var keys(const Var& states) const = 0;
  // Raw scores [B, S] of query q [B, H] against keys(states) (S = states' width).
  virtual Var score(const Var& q, const Var& keys, int64_t S) const = 0;
  virtual nn::NamedParams parameters() const = 0;
};

// name: one of the six above; H: query size; K: encoder state size; max_length: the
// source positions the location scorer can address (positions beyond get weight 0).
std::unique_ptr<Scorer> make_scorer(const std::string& name, int64_t H, int64_t K, int64_t max_length,
                                    nn::Rng& rng);

}  // namespace tolmach::rnn
