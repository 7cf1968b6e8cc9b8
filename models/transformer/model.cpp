#include "models/transformer/model.h"

#include <cmath>

#include "models/transformer/step_model.h"
#include "ops/cross_entropy.h"
#include "ops/dropout.h"
#include "ops/binary.h"
#include "ops/matmul.h"
#include "ops/reduce.h"
#include "ops/shape.h"

namespace tolmach::transformer {

namespace {

std::vector<int64_t> lengths_of(const SourceBatch& s) { return {s.lengths.begin(), s.lengths.end()}; }

// Dropout tags: a block of 8 per layer, encoder and decoder apart.
constexpr uint64_t kEmbedTag = 1, kEncoderTag = 16, kDecoderTag = 1u << 20;

}  // namespace

TransformerModel::TransformerModel(TransformerConfig c, uint64_t seed) : cfg_(std::move(c)) {
  nn::Rng rng(seed);
  const int64_t D = cfg_.dim_emb;
  Var src = Var::param(nn::normal({cfg_.src_vocab_size, D}, 1.f / std::sqrt(static_cast<float>(D)), rng));
  Var tgt = cfg_.tied_embeddings_all
                ? src
                : Var::param(nn::normal({cfg_.tgt_vocab_size, D}, 1.f / std::sqrt(static_cast<float>(D)), rng));
  src_embed_ = Embedder(src, cfg_, rng);
  tgt_embed_ = Embedder(tgt, cfg_, rng);
  for (int l = 0; l < cfg_.enc_depth; ++l) encoder_.emplace_back(cfg_, rng);
  for (int l = 0; l < cfg_.dec_depth; ++l) decoder_.emplace_back(cfg_, rng);
  if (cfg_.prenorm) {
    enc_norm_ = nn::LayerNorm(D, static_cast<float>(cfg_.layer_norm_epsilon));
    dec_norm_ = nn::LayerNorm(D, static_cast<float>(cfg_.layer_norm_epsilon));
  }
  output_ = nn::Linear(D, cfg_.tgt_vocab_size, rng);
  if (cfg_.tied_embeddings || cfg_.tied_embeddings_all) output_.weight = tgt;
}

nn::NamedParams TransformerModel::parameters() const {
  nn::NamedParams p;
  const bool tied_out = cfg_.tied_embeddings || cfg_.tied_embeddings_all;
  if (cfg_.tied_embeddings_all) {
    p.emplace_back("embed.weight", src_embed_.table);
  } else {
    p.emplace_back("encoder.embed.weight", src_embed_.table);
    p.emplace_back("decoder.embed.weight", tgt_embed_.table);
  }
  if (src_embed_.positions.defined()) p.emplace_back("encoder.positions", src_embed_.positions);
  if (tgt_embed_.positions.defined()) p.emplace_back("decoder.positions", tgt_embed_.positions);
  for (size_t l = 0; l < encoder_.size(); ++l)
    nn::add_params(p, "encoder.l" + std::to_string(l), encoder_[l].parameters());
  for (size_t l = 0; l < decoder_.size(); ++l)
    nn::add_params(p, "decoder.l" + std::to_string(l), decoder_[l].parameters());
  if (cfg_.prenorm) {
    nn::add_params(p, "encoder.norm", enc_norm_.parameters());
    nn::add_params(p, "decoder.norm", dec_norm_.parameters());
  }
  if (!tied_out) p.emplace_back("output.weight", output_.weight);
  p.emplace_back("output.bias", output_.bias);
  return p;
}

Var TransformerModel::encode(const SourceBatch& s, const Dropout& drop) const {
  Tensor ids = Tensor::from_ids({s.size, s.width}, s.ids);
  Var x = drop(src_embed_.forward(ids), kEmbedTag);
  const std::vector<int64_t> lengths = lengths_of(s);
  for (size_t l = 0; l < encoder_.size(); ++l) x = encoder_[l].forward(x, lengths, drop, kEncoderTag + 8 * l);
  return cfg_.prenorm ? enc_norm_.forward(x) : x;
}

std::vector<CrossAttention::Memory> TransformerModel::memories(const Var& encoded,
                                                               const std::vector<int64_t>& lengths) const {
  std::vector<CrossAttention::Memory> m;
  for (const auto& layer : decoder_) m.push_back(layer.cross.memory(encoded, lengths));
  return m;
}

Var TransformerModel::output_logits(const Var& h) const {
  return output_.forward(cfg_.prenorm ? dec_norm_.forward(h) : h);
}

std::vector<nn::Linear*> TransformerModel::linears() {
  std::vector<nn::Linear*> all;
  for (auto& l : encoder_) all.insert(all.end(), {&l.self.qkv, &l.self.out, &l.ffn.w1, &l.ffn.w2});
  for (auto& l : decoder_)
    all.insert(all.end(), {&l.self.qkv, &l.self.out, &l.cross.q, &l.cross.kv, &l.cross.out, &l.ffn.w1, &l.ffn.w2});
  all.push_back(&output_);
  return all;
}

void TransformerModel::set_precision(nn::Precision p) {
  for (nn::Linear* m : linears()) m->set_precision(p);
}

void TransformerModel::release_float_weights() {
  for (nn::Linear* m : linears()) m->release_float_weight();
}

Var TransformerModel::alignment_heads(const Var& w) const {
  if (cfg_.alignment_heads.empty()) return ops::mean(w, {1});
  std::vector<Var> chosen;
  for (int h : cfg_.alignment_heads) chosen.push_back(ops::select(w, 1, h));
  return ops::mean(ops::stack(chosen, 1), {1});
}

Var TransformerModel::forward(const Batch& batch, const Dropout& drop, Var* alignment) const {
  Var enc = encode(batch.source, drop);
  auto mem = memories(enc, lengths_of(batch.source));
  Tensor ids = Tensor::from_ids({batch.size(), batch.target_width}, batch.target_input);
  Var x = drop(tgt_embed_.forward(ids), kDecoderTag + kEmbedTag);
  const int align = cfg_.alignment_layer_index();
  for (size_t l = 0; l < decoder_.size(); ++l) {
    Var w;
    x = decoder_[l].forward(x, mem[l], drop, kDecoderTag + kEncoderTag + 8 * l,
                            alignment && static_cast<int>(l) == align ? &w : nullptr);
    if (w.defined()) *alignment = alignment_heads(w);
  }
  return output_logits(x);
}

LossResult TransformerModel::loss(const Batch& batch, const LossOptions& options, uint64_t dropout_seed) {
  Dropout drop;
  if (training_) drop = {cfg_.dropout, cfg_.dropout_attention, cfg_.dropout_ffn, dropout_seed};
  const bool guided = options.guided_alignment_weight > 0 && !batch.guided_alignment.empty();
  Var alignment;
  Var logits = forward(batch, drop, guided ? &alignment : nullptr);
  Tensor targets = Tensor::from_ids({batch.size(), batch.target_width}, batch.target_output);
  ops::CrossEntropyOptions ce;
  ce.label_smoothing = options.label_smoothing;
  ce.ignore_index = cfg_.pad_id;
  ce.mean = false;
  Var sum = ops::cross_entropy(logits, targets, ce);
  if (guided)
    sum = ops::add(sum, guided_alignment_loss(alignment, batch, options.guided_alignment_cost,
                                              options.guided_alignment_weight));
  return {sum, batch.target_tokens};
}

std::unique_ptr<StepModel> TransformerModel::step_model() const { return std::make_unique<TransformerStepModel>(*this); }

}  // namespace tolmach::transformer
