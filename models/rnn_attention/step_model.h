#pragma once
// Incremental decoding for search: start() encodes the sources once (no gradient) and keeps
// the encoder states and precomputed attention keys; step() gathers each row's decoder state
// (LSTM h, c per layer and the fed-back h~) from its parent row, runs one decoder step and
// returns log-softmax scores and, when asked, the attention weights. The same Decoder::step
// as training runs here, so decoding matches the teacher-forced forward pass.
//
// The StepModel reads the model's weights as they are at each call: the model must outlive it.
#include "models/rnn_attention/model.h"
#include "search/step_model.h"

namespace tolmach::rnn {

class RnnStepModel : public StepModel {
 public:
  explicit RnnStepModel(const RnnAttentionModel& model) : model_(model) {}
  int vocab_size() const override { return static_cast<int>(model_.settings().tgt_vocab_size); }
  void start(const SourceBatch& source) override;
  void step(const StepInput& in, StepOutput& out, bool want_attention) override;

 private:
  const RnnAttentionModel& model_;
  EncoderMemory sentences_;      // one row per source sentence
  DecoderState initial_;         // per sentence
  EncoderMemory rows_memory_;    // sentences_ gathered for the current rows
  std::vector<int> rows_sentences_;
  DecoderState state_;           // per row of the last step
};

}  // namespace tolmach::rnn
