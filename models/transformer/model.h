#pragma once
// The Transformer (Vaswani et al. 2017) as a Seq2SeqModel: embeddings + positions, encoder
// and decoder stacks, one output projection over [B * T, V], label-smoothed cross-entropy.
#include <memory>
#include <vector>

#include "models/seq2seq.h"
#include "models/transformer/config.h"
#include "models/transformer/embeddings.h"
#include "models/transformer/layers.h"

namespace tolmach::transformer {

class TransformerModel : public Seq2SeqModel {
 public:
  TransformerModel(TransformerConfig config, uint64_t seed);

  nlohmann::json config() const override { return cfg_.to_json(); }
  nn::NamedParams parameters() const override;
  void set_training(bool training) override { training_ = training; }
  LossResult loss(const Batch& batch, const LossOptions& options, uint64_t dropout_seed) override;
  std::unique_ptr<StepModel> step_model() const override;
  void set_precision(nn::Precision p) override;  // every Linear, the output projection included
  void release_float_weights() override;         // theirs (a tied table stays with the embedding)

  // Teacher-forced logits [B, T, V] of the batch's target. alignment (if not null) gets the
  // encoder-decoder attention of the alignment layer, chosen heads averaged: [B, T, S].
  Var forward(const Batch& batch, const Dropout& drop = {}, Var* alignment = nullptr) const;

  // Pieces the step model shares.
  Var encode(const SourceBatch& source, const Dropout& drop) const;  // [B, S, D]
  std::vector<CrossAttention::Memory> memories(const Var& encoded, const std::vector<int64_t>& lengths) const;
  Var output_logits(const Var& h) const;  // final norm (pre-norm) + projection: [..., D] -> [..., V]
  // Averages the configured alignment heads of [B, heads, T, S] -> [B, T, S].
  Var alignment_heads(const Var& weights) const;

  const TransformerConfig& cfg() const { return cfg_; }
  const Embedder& target_embedder() const { return tgt_embed_; }
  const std::vector<DecoderLayer>& decoder() const { return decoder_; }

 private:
  std::vector<nn::Linear*> linears();  // every Linear set_precision converts
  TransformerConfig cfg_;
  bool training_ = false;
  Embedder src_embed_, tgt_embed_;
  std::vector<EncoderLayer> encoder_;
  std::vector<DecoderLayer> decoder_;
  nn::LayerNorm enc_norm_, dec_norm_;  // after the stacks, pre-norm only
  nn::Linear output_;                  // weight [V, D]: the target embedding when tied
};

}  // namespace tolmach::transformer
