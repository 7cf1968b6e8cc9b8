#include "data/batch_stream.h"

#include "data/fingerprint.h"
#include "base/error.h"

namespace tolmach {

BatchStream::BatchStream(const ParallelCorpus& corpus, const BatchOptions& options,
                         const BatchShape& shape, DataPosition from)
    : corpus_(corpus), options_(options), shape_(shape), pos_(from) {
  pos_.fingerprint = data_fingerprint(corpus, options);
  if (from.fingerprint && from.fingerprint != pos_.fingerprint)
    throw UsageError("cannot resume: the checkpoint's data position belongs to another corpus "
                     "or other batch options (seed, batch sizes, shuffling, number of "
                     "processes); resume with the same ones");
  load_epoch(from.epoch);
  if (plan_.batches.empty())
    throw InputError(corpus.source_name(), 0,
                     "no training batches for shard " + std::to_string(options.rank) + " of " +
                         std::to_string(options.size) + " (" + std::to_string(corpus.size()) +
                         " sentence pairs after filtering)");
  seek(from.batch);
}

void BatchStream::seek(uint64_t batch) {
  if (batch > plan_.batches.size())
    throw UsageError("cannot resume: the saved data position (epoch " + std::to_string(pos_.epoch) +
                     ", batch " + std::to_string(batch) + ") is past the epoch's " +
                     std::to_string(plan_.batches.size()) + " batches");
  pos_.batch = batch;
}

void BatchStream::load_epoch(uint64_t epoch) {
  plan_ = plan_epoch(corpus_, options_, epoch);
  pos_.epoch = epoch;
}

Batch BatchStream::next() {
  if (pos_.batch >= plan_.batches.size()) {
    load_epoch(pos_.epoch + 1);
    pos_.batch = 0;
  }
  return make_batch(corpus_, plan_.batches[pos_.batch++], shape_);
}

}  // namespace tolmach
