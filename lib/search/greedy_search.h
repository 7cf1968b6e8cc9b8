#pragma once
// Greedy decoding: each step takes the most probable next token (lowest id on ties).
#include <vector>

#include "data/batch.h"
#include "search/hypothesis.h"
#include "search/step_model.h"

namespace tolmach {

// One hypothesis per sentence (in source order). Uses bos, eos, max length, normalize
// (for the reported score) and attention from `options`; ignores beam_size and n_best.
std::vector<NBestList> greedy_search(StepModel& model, const SourceBatch& source,
                                     const SearchOptions& options);

}  // namespace tolmach
