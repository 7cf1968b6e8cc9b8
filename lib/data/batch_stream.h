#pragma once
// An endless stream of training batches over epochs. Its position (epoch, batch index)
// is all a checkpoint needs: each epoch's order is drawn from a generator seeded by
// (seed, epoch), so there is no RNG state to save, and a stream rebuilt at a saved
// position yields exactly the batches the original would have.
#include <cstdint>

#include "data/batch.h"
#include "data/batch_plan.h"
#include "data/corpus.h"

namespace tolmach {

struct DataPosition {
  uint64_t epoch = 0;        // 0-based
  uint64_t batch = 0;        // index into this rank's batches of that epoch
  uint64_t fingerprint = 0;  // data_fingerprint() of corpus and options; 0 = not checked
  bool operator==(const DataPosition& o) const {
    return epoch == o.epoch && batch == o.batch && fingerprint == o.fingerprint;
  }
};

class BatchStream {
 public:
  // `corpus` must outlive the stream. Throws InputError when the corpus gives this rank no
  // batch (nothing to train on), and UsageError when `from` was saved for another corpus
  // or other options (its fingerprint differs) or lies beyond its epoch.
  BatchStream(const ParallelCorpus& corpus, const BatchOptions& options, const BatchShape& shape,
              DataPosition from = {});

  // Continue from batch `batch` of the current epoch (UsageError past its end): a run resumed
  // on another number of ranks starts its shard where the saved position points.
  void seek(uint64_t batch);
  // The next batch; moves to the next epoch (a new order) after the last one.
  Batch next();
  // Where the next batch comes from: save this in a checkpoint.
  DataPosition position() const { return pos_; }
  // True after the last batch of an epoch was returned (the next one starts a new epoch).
  bool at_epoch_end() const { return pos_.batch >= plan_.batches.size(); }
  // The current epoch's plan (batch counts for logging).
  const EpochPlan& plan() const { return plan_; }

 private:
  void load_epoch(uint64_t epoch);
  const ParallelCorpus& corpus_;
  BatchOptions options_;
  BatchShape shape_;
  DataPosition pos_;
  EpochPlan plan_;
};

}  // namespace tolmach
