#pragma once
// Incremental decoding for search: start() encodes the sources and projects each decoder
// layer's encoder-decoder keys/values once; step() runs one position for all rows, with
// per-layer self-attention key/value caches whose rows follow the search's `parents`
// (no recomputation of the prefix). The model must outlive its step model.
#include <vector>

#include "models/transformer/model.h"
#include "search/step_model.h"

namespace tolmach::transformer {

class TransformerStepModel : public StepModel {
 public:
  explicit TransformerStepModel(const TransformerModel& model) : model_(model) {}
  int vocab_size() const override { return static_cast<int>(model_.cfg().tgt_vocab_size); }
  void start(const SourceBatch& source) override;
  void step(const StepInput& in, StepOutput& out, bool want_attention) override;

 private:
  const TransformerModel& model_;
  std::vector<CrossAttention::Memory> memory_;  // per decoder layer
  std::vector<KVCache> caches_;                 // per decoder layer
  std::vector<float> staging_;                  // KVCache::gather's scratch
  int width_ = 0;  // source width of the batch (attention rows of the search)
};

}  // namespace tolmach::transformer
