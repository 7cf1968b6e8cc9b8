#pragma once
// A 64-bit hash of everything an epoch plan depends on (the corpus ids and the batch
// options), stored with a checkpoint's data position so resuming with other data or
// options is refused instead of silently giving other batches. The shard's rank is left
// out: all ranks step in lockstep, so one saved position serves every rank.
#include <cstdint>

#include "data/batch_plan.h"
#include "data/corpus.h"

namespace tolmach {

uint64_t data_fingerprint(const ParallelCorpus& corpus, const BatchOptions& options);

}  // namespace tolmach
