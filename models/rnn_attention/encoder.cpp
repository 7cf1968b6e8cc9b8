#include "models/rnn_attention/encoder.h"

#include "ops/ops.h"

namespace tolmach::rnn {

Encoder::Encoder(const RnnConfig& c, nn::Rng& rng) : embedding(c.src_vocab_size, c.dim_emb, rng) {
  layers.emplace_back(2, c.dim_emb, c.dim_rnn, rng);
  for (int l = 1; l < c.enc_depth; ++l) layers.emplace_back(1, l == 1 ? 2 * c.dim_rnn : c.dim_rnn, c.dim_rnn, rng);
}

EncoderMemory Encoder::forward(const SourceBatch& src, const Dropout& dropout) const {
  const int64_t B = src.size, S = src.width;
  EncoderMemory m;
  for (int b = 0; b < src.size; ++b) m.lengths.push_back(src.lengths[b]);
  m.pad_mask = ops::padding_mask(m.lengths, S);  // i8 [B, S]
  // An empty source keeps position 0 (a zero state) attendable, so softmax stays finite.
  for (int64_t b = 0; b < B; ++b)
    if (m.lengths[b] == 0 && S > 0) m.pad_mask.data<int8_t>()[b * S] = 0;

  Var x = dropout(embedding.forward(Tensor::from_ids({B, S}, src.ids)), 1);
  for (size_t l = 0; l < layers.size(); ++l) {
    if (l > 0) x = dropout(x, 1000 + l);  // tags apart from the decoder's (7, 16 * (100 + t) + l)
    x = ops::lstm(x, m.lengths, layers[l].weights_layer, layers[l].weights_iter, layers[l].bias).y;
  }
  m.states = x;
  return m;
}

nn::NamedParams Encoder::parameters() const {
  nn::NamedParams p;
  nn::add_params(p, "embedding", embedding.parameters());
  for (size_t l = 0; l < layers.size(); ++l) nn::add_params(p, "l" + std::to_string(l), layers[l].parameters());
  return p;
}

}  // namespace tolmach::rnn
