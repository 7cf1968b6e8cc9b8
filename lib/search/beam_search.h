#pragma once
// Beam search batched across sentences, as marian-decoder does it: every sentence keeps
// its own beam of K hypotheses; a hypothesis that emits eos is set aside as finished and
// its sentence continues with fewer rows; a sentence stops when K hypotheses finished or
// at its maximum length (hypotheses still open then are finished without eos). Finished
// hypotheses are ranked by their length-normalised score.
#include <vector>

#include "data/batch.h"
#include "search/hypothesis.h"
#include "search/step_model.h"

namespace tolmach {

// Up to options.n_best hypotheses per sentence (in source order), best first.
std::vector<NBestList> beam_search(StepModel& model, const SourceBatch& source,
                                   const SearchOptions& options);

// Greedy search when beam_size is 1 (cheaper, same result), beam search otherwise.
std::vector<NBestList> search(StepModel& model, const SourceBatch& source,
                              const SearchOptions& options);

}  // namespace tolmach
