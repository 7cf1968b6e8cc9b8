#include "models/rnn_attention/decoder.h"

#include "ops/ops.h"

namespace tolmach::rnn {

Decoder::Decoder(const RnnConfig& c, int64_t K, nn::Rng& rng)
    : embedding(c.tgt_vocab_size, c.dim_emb, rng), tied(c.tied_embeddings), hidden(c.dim_rnn) {
  const int64_t H = c.dim_rnn;
  for (int l = 0; l < c.dec_depth; ++l) cells.emplace_back(1, l == 0 ? c.dim_emb + H : H, H, rng);
  bridge = nn::Linear(K, c.dec_depth * H, rng, true);
  attention = Attention(c.attention, H, K, c.attention_window, c.attention_max_length, rng);
  combine = nn::Linear(K + H, H, rng, false);
  out_w = tied ? embedding.weight : nn::Linear(H, c.tgt_vocab_size, rng, false).weight;
  out_b = Var::param(Tensor::zeros({c.tgt_vocab_size}));
}

DecoderState Decoder::start(const EncoderMemory& m) const {
  const int64_t B = m.states.dim(0), H = hidden;
  Tensor len = Tensor::empty({B, 1});
  for (int64_t b = 0; b < B; ++b) len.data<float>()[b] = static_cast<float>(std::max<int64_t>(m.lengths[b], 1));
  Var mean = ops::div(ops::sum(m.states, {1}), Var(len));  // padding states are zero
  Var init = ops::tanh(ops::linear(mean, bridge.weight, bridge.bias, true));  // [B, L * H]
  DecoderState s;
  for (size_t l = 0; l < cells.size(); ++l)
    s.layers.push_back({ops::slice(init, 1, l * H, (l + 1) * H), Var(Tensor::zeros({B, H}))});
  s.feed = Var(Tensor::zeros({B, H}));
  return s;
}

DecoderStep Decoder::step(const Var& emb, DecoderState& s, const EncoderMemory& m, const Dropout& dropout,
                          uint64_t tag) const {
  Var x = ops::concat({emb, s.feed}, 1);
  for (size_t l = 0; l < cells.size(); ++l) {
    if (l > 0) x = dropout(x, tag * 16 + l);
    const nn::LstmWeights& w = cells[l];
    s.layers[l] = ops::lstm_cell(x, s.layers[l], w.weights_layer, w.weights_iter, w.bias);
    x = s.layers[l].h;
  }
  AttentionResult a = attention.attend(x, m);
  Var h = ops::tanh(ops::matmul(ops::concat({a.context, x}, 1), combine.weight, false, true));
  s.feed = dropout(h, tag * 16 + 15);
  return {s.feed, a.weights};
}

Var Decoder::logits(const Var& h) const { return ops::linear(h, out_w, out_b, /*trans_w=*/true); }

nn::NamedParams Decoder::parameters() const {
  nn::NamedParams p;
  nn::add_params(p, "embedding", embedding.parameters());
  for (size_t l = 0; l < cells.size(); ++l) nn::add_params(p, "l" + std::to_string(l), cells[l].parameters());
  nn::add_params(p, "bridge", bridge.parameters());
  nn::add_params(p, "attention", attention.parameters());
  nn::add_params(p, "combine", combine.parameters());
  if (!tied) p.emplace_back("output.weight", out_w);
  p.emplace_back("output.bias", out_b);
  return p;
}

}  // namespace tolmach::rnn
