#include "models/rnn_attention/model.h"

#include "models/rnn_attention/step_model.h"
#include "ops/ops.h"

namespace tolmach::rnn {

RnnAttentionModel::RnnAttentionModel(const RnnConfig& c, uint64_t seed) : config_(c) {
  nn::Rng rng(seed);
  encoder_ = Encoder(c, rng);
  decoder_ = Decoder(c, c.encoder_dim(), rng);
}

nn::NamedParams RnnAttentionModel::parameters() const {
  nn::NamedParams p;
  nn::add_params(p, "encoder", encoder_.parameters());
  nn::add_params(p, "decoder", decoder_.parameters());
  return p;
}

EncoderMemory RnnAttentionModel::encode(const SourceBatch& source, const Dropout& dropout) const {
  EncoderMemory m = encoder_.forward(source, dropout);
  decoder_.attention.prepare(m);
  return m;
}

RnnAttentionModel::Forward RnnAttentionModel::forward(const Batch& batch, const Dropout& dropout) const {
  const int64_t B = batch.size(), T = batch.target_width;
  EncoderMemory m = encode(batch.source, dropout);
  DecoderState state = decoder_.start(m);
  Var emb = dropout(decoder_.embedding.forward(Tensor::from_ids({B, T}, batch.target_input)), 7);  // [B, T, E]
  std::vector<Var> outputs, weights;
  for (int64_t t = 0; t < T; ++t) {
    DecoderStep s = decoder_.step(ops::select(emb, 1, t), state, m, dropout, 100 + t);
    outputs.push_back(s.output);
    weights.push_back(s.weights);
  }
  Var h = ops::reshape(ops::stack(outputs, 1), {B * T, config_.dim_rnn});
  return {decoder_.logits(h), ops::stack(weights, 1)};
}

LossResult RnnAttentionModel::loss(const Batch& batch, const LossOptions& options, uint64_t dropout_seed) {
  Dropout dropout{training_ ? config_.dropout : 0.f, dropout_seed};
  Forward f = forward(batch, dropout);
  ops::CrossEntropyOptions ce;
  ce.label_smoothing = options.label_smoothing;
  ce.ignore_index = config_.pad_id;
  ce.mean = false;
  Tensor targets = Tensor::from_ids({static_cast<int64_t>(batch.target_output.size())}, batch.target_output);
  Var sum = ops::cross_entropy(f.logits, targets, ce);
  if (options.guided_alignment_weight > 0 && !batch.guided_alignment.empty())
    sum = ops::add(sum, guided_alignment_loss(f.attention, batch, options.guided_alignment_cost,
                                              options.guided_alignment_weight));
  return {sum, batch.target_tokens};
}

std::unique_ptr<StepModel> RnnAttentionModel::step_model() const { return std::make_unique<RnnStepModel>(*this); }

}  // namespace tolmach::rnn
