#pragma once
// What a model offers to search: encode a source batch once, then score one next token
// for many partial hypotheses ("rows") at a time. Search never sees tensors, only ids and
// float buffers, so any architecture (RNN-attention, Transformer) plugs in.
#include <numeric>
#include <vector>

#include "data/batch.h"

namespace tolmach {

struct StepInput {
  int step = 0;                // position of the token being predicted (0 = first)
  std::vector<int> tokens;     // [rows] last token of each row (bos at step 0)
  // [rows] which row of the previous step() call this row extends. At step 0 there is one
  // row per sentence and parents[r] = r. A model with cached decoder state (RNN state,
  // Transformer key/value caches) gathers its rows by `parents` instead of recomputing
  // the prefix; rows may be repeated (beam copies) or dropped (finished hypotheses).
  std::vector<int> parents;
  std::vector<int> sentences;  // [rows] sentence of the start() batch each row belongs to
  int rows() const { return static_cast<int>(tokens.size()); }

  // Step 0: one row per sentence, each starting from `bos`.
  static StepInput first(int sentences, int bos) {
    StepInput in;
    in.tokens.assign(sentences, bos);
    in.parents.resize(sentences);
    std::iota(in.parents.begin(), in.parents.end(), 0);
    in.sentences = in.parents;
    return in;
  }
};

// The model sizes both buffers itself (resize / assign): search may have moved them out.
struct StepOutput {
  std::vector<float> logprobs;   // [rows x vocab] log-softmax of the next token
  std::vector<float> attention;  // [rows x source width] weights, filled when asked
};

class StepModel {
 public:
  virtual ~StepModel() = default;
  virtual int vocab_size() const = 0;
  // Encode the sources; decoding of this batch follows.
  virtual void start(const SourceBatch& source) = 0;
  // Score the next token of every row. `want_attention`: also fill out.attention with the
  // source attention used for this step (for alignments), [rows x source.width].
  virtual void step(const StepInput& in, StepOutput& out, bool want_attention) = 0;
};

}  // namespace tolmach
