#pragma once
// Forced decoding: run a model's decoder over GIVEN target sentences (teacher forcing
// through the same StepModel search uses), recording at each step the source attention
// and the log-probability of the given token. Any architecture, ensembles included, and the
// attention is exactly what search sees when it produces the same tokens.
#include <vector>

#include "align/word_alignment.h"
#include "data/batch.h"
#include "search/step_model.h"

namespace tolmach {

struct ForcedDecoding {
  // One row per step: the step predicting target piece t (t < n), then the one predicting
  // eos (row n); each over the sentence's source pieces, eos included.
  AttentionMatrix attention;
  std::vector<float> token_scores;  // log-prob of each target piece, then of eos
  float score = 0.f;                // their sum (the pair's model score, Marian's F0)
};

// targets[b]: target piece ids of source sentence b (without bos / eos).
std::vector<ForcedDecoding> force_decode(StepModel& model, const SourceBatch& source,
                                         const std::vector<std::vector<int>>& targets, int bos, int eos);

}  // namespace tolmach
