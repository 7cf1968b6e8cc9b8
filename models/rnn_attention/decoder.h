#pragma once
// Target side, one step at a time (Luong et al. 2015 with input feeding):
//
//   x_t   = [E y_{t-1}; h~_{t-1}]                  previous attentional vector fed back
//   h_t   = stacked LSTM cells (x_t)                dropout between layers while training
//   a_t, c_t = attention(h_t, encoder states)
//   h~_t  = tanh(W_c [c_t; h_t])                    the attentional vector
//   logits = W_o h~_t + b_o                         (tied: W_o = target embedding, dim-emb == dim-rnn)
//
// The initial states come from a bridge, h_0 = tanh(W_b mean_s(h_s) + b_b) for every layer
// (one slice of W_b each; cells start at 0), since the encoder's 2H-wide states do not fit
// the decoder's H. h~_0 = 0.
#include <vector>

#include "models/rnn_attention/attention.h"
#include "models/rnn_attention/config.h"
#include "models/rnn_attention/dropout.h"
#include "nn/embedding.h"
#include "nn/linear.h"
#include "nn/lstm.h"
#include "ops/lstm.h"

namespace tolmach::rnn {

struct DecoderState {
  std::vector<ops::LstmState> layers;  // [B, H] each
  Var feed;                            // h~_{t-1} [B, H]
};

struct DecoderStep {
  Var output;   // h~_t [B, H]
  Var weights;  // a_t [B, S]
};

class Decoder {
 public:
  Decoder() = default;
  Decoder(const RnnConfig& config, int64_t encoder_dim, nn::Rng& rng);

  DecoderState start(const EncoderMemory& memory) const;
  // emb: embedded previous tokens [B, E]. Advances `state`. `tag` varies the dropout masks.
  DecoderStep step(const Var& emb, DecoderState& state, const EncoderMemory& memory, const Dropout& dropout,
                   uint64_t tag) const;
  Var logits(const Var& h) const;  // [N, H] -> [N, V]
  nn::NamedParams parameters() const;

  nn::Embedding embedding;
  std::vector<nn::LstmWeights> cells;
  nn::Linear bridge, combine;
  Attention attention;
  Var out_w, out_b;  // out_w [V, H]: the embedding's table when tied
  bool tied = false;
  int64_t hidden = 0;
};

}  // namespace tolmach::rnn
