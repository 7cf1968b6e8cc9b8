#include "nn/lstm.h"

#include <cmath>

#include "ops/dropout.h"
#include "ops/shape.h"

namespace tolmach::nn {

LstmWeights::LstmWeights(int64_t D, int64_t I, int64_t H, Rng& rng) {
  float a = 1.f / std::sqrt(static_cast<float>(H));
  weights_layer = Var::param(uniform({1, D, I, 4, H}, -a, a, rng));
  weights_iter = Var::param(uniform({1, D, H, 4, H}, -a, a, rng));
  bias = Var::param(uniform({1, D, 4, H}, -a, a, rng));
}

NamedParams LstmWeights::parameters() const {
  return {{"weights_layer", weights_layer}, {"weights_iter", weights_iter}, {"bias", bias}};
}

LSTM::LSTM(int64_t input, int64_t h, int num_layers, bool bidirectional, Rng& rng, float p)
    : input_size(input), hidden(h), directions(bidirectional ? 2 : 1), dropout(p) {
  TOLMACH_CHECK(num_layers >= 1, "LSTM needs at least one layer");
  for (int l = 0; l < num_layers; ++l) layers.emplace_back(directions, l == 0 ? input : directions * h, h, rng);
}

ops::LstmOutput LSTM::forward(const Var& x, const std::vector<int64_t>& lengths, const Var& h0, const Var& c0,
                              uint64_t dropout_seed) const {
  int64_t D = directions;
  ops::LstmOutput out;
  std::vector<Var> hs, cs;
  Var in = x;
  for (size_t l = 0; l < layers.size(); ++l) {
    if (l > 0 && training && dropout > 0) in = ops::dropout(in, dropout, dropout_seed * 1000003 + l);
    Var lh0 = h0.defined() ? ops::slice(h0, 0, l * D, (l + 1) * D) : Var();
    Var lc0 = c0.defined() ? ops::slice(c0, 0, l * D, (l + 1) * D) : Var();
    const LstmWeights& w = layers[l];
    out = ops::lstm(in, lengths, w.weights_layer, w.weights_iter, w.bias, lh0, lc0);
    hs.push_back(out.h);
    cs.push_back(out.c);
    in = out.y;
  }
  if (layers.size() > 1) {
    out.h = ops::concat(hs, 0);
    out.c = ops::concat(cs, 0);
  }
  return out;
}

NamedParams LSTM::parameters() const {
  NamedParams p;
  for (size_t l = 0; l < layers.size(); ++l) add_params(p, "l" + std::to_string(l), layers[l].parameters());
  return p;
}

LSTMCell::LSTMCell(int64_t input, int64_t h, Rng& rng) : w(1, input, h, rng), hidden(h) {}

ops::LstmState LSTMCell::forward(const Var& x, const ops::LstmState& state) const {
  return ops::lstm_cell(x, state, w.weights_layer, w.weights_iter, w.bias);
}

ops::LstmState LSTMCell::zero_state(int64_t batch) const {
  return {Var(Tensor::zeros({batch, hidden})), Var(Tensor::zeros({batch, hidden}))};
}

NamedParams LSTMCell::parameters() const { return w.parameters(); }

}  // namespace tolmach::nn
