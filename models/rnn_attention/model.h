#pragma once
// The RNN-attention translation model (issue 6): bi-LSTM encoder, input-feeding LSTM
// decoder with a selectable attention score function, global or local-p attention.
//
// Training runs the encoder over the whole padded batch with the oneDNN LSTM, steps the
// decoder (input feeding makes step t depend on step t-1's output), collects h~ of every
// step and does one output projection + cross-entropy over [B*T, V].
#include <memory>

#include "models/rnn_attention/config.h"
#include "models/rnn_attention/decoder.h"
#include "models/rnn_attention/encoder.h"
#include "models/seq2seq.h"

namespace tolmach::rnn {

class RnnAttentionModel : public Seq2SeqModel {
 public:
  RnnAttentionModel(const RnnConfig& config, uint64_t seed);

  nlohmann::json config() const override { return config_.to_json(); }
  nn::NamedParams parameters() const override;  // "encoder.*", "decoder.*"
  void set_training(bool training) override { training_ = training; }
  LossResult loss(const Batch& batch, const LossOptions& options, uint64_t dropout_seed) override;
  std::unique_ptr<StepModel> step_model() const override;

  // Teacher-forced pass: logits [B*T, V] (row b*T + t predicts target_output[b][t]) and the
  // attention weights [B, T, S] of every step.
  struct Forward {
    Var logits, attention;
  };
  Forward forward(const Batch& batch, const Dropout& dropout) const;
  // Encoder states with the attention's precomputed keys.
  EncoderMemory encode(const SourceBatch& source, const Dropout& dropout) const;

  const RnnConfig& settings() const { return config_; }
  const Decoder& decoder() const { return decoder_; }
  bool training() const { return training_; }

 private:
  RnnConfig config_;
  Encoder encoder_;
  Decoder decoder_;
  bool training_ = false;
};

}  // namespace tolmach::rnn
