#pragma once
// A tiny Seq2SeqModel for trainer tests (no dependence on a real architecture): the mean of
// the source embeddings plus the embedding of the previous target token, dropout, then a
// linear layer to the target vocabulary. Small, fast and has every part the trainer touches.
#include <memory>

#include "models/seq2seq.h"
#include "nn/init.h"
#include "ops/ops.h"

namespace tolmach::testing {

class ToyModel : public Seq2SeqModel {
 public:
  ToyModel(int src_vocab, int trg_vocab, int dim, uint64_t seed, float dropout = 0.1f)
      : src_v_(src_vocab), trg_v_(trg_vocab), dim_(dim), dropout_(dropout) {
    nn::Rng rng(seed);
    src_emb_ = Var::param(nn::uniform({src_vocab, dim}, -0.1f, 0.1f, rng));
    trg_emb_ = Var::param(nn::uniform({trg_vocab, dim}, -0.1f, 0.1f, rng));
    w_ = Var::param(nn::uniform({dim, trg_vocab}, -0.1f, 0.1f, rng));
    b_ = Var::param(Tensor::zeros({trg_vocab}));
  }
  nlohmann::json config() const override {
    return {{"type", "toy"}, {"source_vocab_size", src_v_}, {"target_vocab_size", trg_v_}, {"dim", dim_}};
  }
  nn::NamedParams parameters() const override {
    return {{"src_emb", src_emb_}, {"trg_emb", trg_emb_}, {"out.w", w_}, {"out.b", b_}};
  }
  void set_training(bool t) override { training_ = t; }

  LossResult loss(const Batch& batch, const LossOptions& options, uint64_t seed) override {
    const int B = batch.size(), S = batch.source.width, T = batch.target_width;
    Var src = ops::embedding(src_emb_, Tensor::from_ids({B, S}, batch.source.ids));  // [B,S,D]
    Var h = ops::mean(src, {1}, true);                                                // [B,1,D]
    Var x = ops::add(h, ops::embedding(trg_emb_, Tensor::from_ids({B, T}, batch.target_input)));
    if (training_ && dropout_ > 0) x = ops::dropout(x, dropout_, seed);
    Var logits = ops::linear(ops::reshape(x, {B * T, dim_}), w_, b_);
    ops::CrossEntropyOptions ce;
    ce.label_smoothing = options.label_smoothing;
    ce.ignore_index = batch.source.pad;
    ce.mean = false;
    return {ops::cross_entropy(logits, Tensor::from_ids({B * T}, batch.target_output), ce), batch.target_tokens};
  }
  std::unique_ptr<StepModel> step_model() const override { return nullptr; }

 private:
  int src_v_, trg_v_, dim_;
  float dropout_;
  bool training_ = true;
  Var src_emb_, trg_emb_, w_, b_;
};

}  // namespace tolmach::testing
