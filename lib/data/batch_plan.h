#pragma once
// Which pairs go into which batch, for one epoch, as Marian does it: shuffle the corpus,
// read a window of --maxi-batch mini-batches worth of pairs, sort the window by length,
// cut it into mini-batches under the sentence and token budgets, shuffle those batches.
// The plan is a pure function of (corpus lengths, options, epoch): that is what makes
// runs reproducible and resume exact.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "data/corpus.h"

namespace tolmach {

enum class LengthSort { none, source, target };  // --maxi-batch-sort none|src|trg
// --shuffle data|batches|none: the corpus order and the batch order, only the batch order
// (the corpus is read in order), or nothing (validation, exact reading order).
enum class Shuffle { none, batches, data };

// Budgets follow Marian: with --mini-batch-words a batch is cut by tokens alone and
// --mini-batch only sizes the window (--maxi-batch x --mini-batch sentences); without it,
// a batch has --mini-batch sentences. Unlike Marian, tokens are counted on the target side
// (with eos: the tokens the loss sees) and a batch never exceeds the budget, unless a
// single pair does.
struct BatchOptions {
  size_t mini_batch = 64;        // --mini-batch: sentences per batch / window unit (0 = none)
  size_t mini_batch_words = 0;   // --mini-batch-words: max target tokens per batch (0 = none)
  size_t maxi_batch = 100;       // --maxi-batch: window size, in mini-batches
  LengthSort sort = LengthSort::target;
  Shuffle shuffle = Shuffle::data;
  uint64_t seed = 1234;          // --seed
  size_t rank = 0, size = 1;     // data-parallel shard: this process gets every size-th batch
};

struct EpochPlan {
  std::vector<std::vector<size_t>> batches;  // this rank's batches: corpus indices, row order
  size_t total_batches = 0;                  // batches of all ranks before the shard
  size_t dropped_batches = 0;                // left over so every rank gets as many (< size)
};

// Throws UsageError on impossible options (no budget, rank >= size).
void validate(const BatchOptions& options);

EpochPlan plan_epoch(const ParallelCorpus& corpus, const BatchOptions& options, uint64_t epoch);

}  // namespace tolmach
