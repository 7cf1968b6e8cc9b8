#pragma once
// Stacked (bi)LSTM over padded variable-length batches, and a single LSTM cell for
// decoders that run one step at a time. Built on ops::lstm (oneDNN); parameters per layer
// l in oneDNN's layout: "l<l>.weights_layer" [1, D, I_l, 4, H], "l<l>.weights_iter"
// [1, D, H, 4, H], "l<l>.bias" [1, D, 4, H] (gates i, f, g, o), initialised U(-1/sqrt(H),
// 1/sqrt(H)) as in PyTorch. Layer l > 0 reads the D*H outputs of layer l - 1, with dropout
// between layers while training.
#include <vector>

#include "nn/init.h"
#include "nn/module.h"
#include "ops/lstm.h"

namespace tolmach::nn {

struct LstmWeights {
  Var weights_layer, weights_iter, bias;
  LstmWeights() = default;
  LstmWeights(int64_t directions, int64_t input, int64_t hidden, Rng& rng);
  NamedParams parameters() const;
};

class LSTM {
 public:
  LSTM() = default;
  LSTM(int64_t input, int64_t hidden, int num_layers, bool bidirectional, Rng& rng, float dropout = 0.f);

  // x [B, T, I], one length per sequence; h0, c0 [layers * D, B, H] or undefined (zeros).
  // Returns y [B, T, D * H] (zero at padding) and h, c [layers * D, B, H] (final states of
  // every layer and direction, PyTorch's order). dropout_seed: fresh per training step.
  ops::LstmOutput forward(const Var& x, const std::vector<int64_t>& lengths, const Var& h0 = Var(),
                          const Var& c0 = Var(), uint64_t dropout_seed = 0) const;
  NamedParams parameters() const;

  std::vector<LstmWeights> layers;
  int64_t input_size = 0, hidden = 0, directions = 1;
  float dropout = 0.f;
  bool training = true;  // dropout between layers only while training
};

class LSTMCell {
 public:
  LSTMCell() = default;
  LSTMCell(int64_t input, int64_t hidden, Rng& rng);

  ops::LstmState forward(const Var& x, const ops::LstmState& state) const;  // x [B, I]
  ops::LstmState zero_state(int64_t batch) const;
  NamedParams parameters() const;  // "weights_layer", "weights_iter", "bias"

  LstmWeights w;
  int64_t hidden = 0;
};

}  // namespace tolmach::nn
