#pragma once
// Global and local-p attention over a batch of encoder states (Luong et al. 2015, sec. 3).
//
// Global: a_t = softmax(score(h_t, h_s)) over each sentence's real positions (padding gets
// weight exactly 0), context c_t = sum_s a_t(s) h_s.
// Local-p (window D > 0): an aligned position p_t = (len - 1) * sigmoid(v_p^T tanh(W_p h_t))
// is predicted per sentence (0-based, so it stays on a real token); the softmax runs over
// the window |s - p_t| <= D only, and is then multiplied by a Gaussian centred on p_t,
// exp(-(s - p_t)^2 / (2 sigma^2)) with sigma = D / 2, exactly as in the paper (so the
// weights sum to at most 1). Gradients reach p_t through the Gaussian; the window edges
// are piecewise constant.
#include <memory>
#include <vector>

#include "autograd/var.h"
#include "models/rnn_attention/scorer.h"
#include "nn/linear.h"

namespace tolmach::rnn {

// What attention reads of one batch of sources (computed once per batch / sentence).
struct EncoderMemory {
  Var states;                    // [B, S, K], zero at padding
  Var keys;                      // the scorer's precomputed keys (undefined for location)
  Tensor pad_mask;               // [B, S] i8, 1 at padding
  std::vector<int64_t> lengths;  // [B] real source lengths
  int64_t width() const { return states.dim(1); }
};

struct AttentionResult {
  Var context;  // [B, K]
  Var weights;  // [B, S]
};

class Attention {
 public:
  Attention() = default;
  // score: score function name; H: query size; K: encoder state size; window: local-p D
  // (0 = global); max_length: for the location scorer.
  Attention(const std::string& score, int64_t H, int64_t K, int window, int64_t max_length, nn::Rng& rng);

  // Fills memory.keys from memory.states (once per batch).
  void prepare(EncoderMemory& memory) const;
  AttentionResult attend(const Var& query, const EncoderMemory& memory) const;
  nn::NamedParams parameters() const;

 private:
  std::shared_ptr<Scorer> scorer_;
  int window_ = 0;
  nn::Linear w_p_, v_p_;  // local-p position predictor
};

}  // namespace tolmach::rnn
