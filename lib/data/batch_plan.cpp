#include "data/batch_plan.h"

#include <algorithm>
#include <numeric>
#include <tuple>

#include "data/cut_batches.h"
#include "data/shuffle.h"
#include "base/error.h"

namespace tolmach {
namespace {

size_t target_tokens(const ParallelCorpus& c, size_t i) { return c.target(i).size() + 1; }  // + eos

void sort_window(const ParallelCorpus& c, std::vector<size_t>& window, LengthSort by) {
  if (by == LengthSort::none) return;
  // Primary key the chosen side, then the other side, then corpus order: a total order,
  // so the result does not depend on the sort algorithm.
  auto key = [&](size_t i) {
    const size_t s = c.source(i).size(), t = c.target(i).size();
    return by == LengthSort::target ? std::make_tuple(t, s, i) : std::make_tuple(s, t, i);
  };
  std::sort(window.begin(), window.end(), [&](size_t a, size_t b) { return key(a) < key(b); });
}

}  // namespace

void validate(const BatchOptions& o) {
  if (!o.mini_batch && !o.mini_batch_words)
    throw UsageError("need a batch size: --mini-batch or --mini-batch-words");
  if (o.size == 0 || o.rank >= o.size)
    throw UsageError("data shard rank " + std::to_string(o.rank) + " is not below size " +
                     std::to_string(o.size));
}

EpochPlan plan_epoch(const ParallelCorpus& corpus, const BatchOptions& o, uint64_t epoch) {
  validate(o);
  std::mt19937_64 rng = seeded_rng(o.seed, epoch);
  std::vector<size_t> order(corpus.size());
  std::iota(order.begin(), order.end(), size_t{0});
  if (o.shuffle == Shuffle::data) shuffle_in_place(order, rng);

  // The window: maxi-batch x mini-batch sentences, or maxi-batch x mini-batch-words tokens
  // when only a token budget is given.
  const size_t maxi = std::max<size_t>(o.maxi_batch, 1);
  const size_t window_sentences = o.mini_batch * maxi;
  const size_t window_tokens = o.mini_batch ? 0 : o.mini_batch_words * maxi;
  const size_t batch_sentences = o.mini_batch_words ? 0 : o.mini_batch;
  std::vector<std::vector<size_t>> all;
  std::vector<size_t> window;
  for (size_t pos = 0; pos < order.size();) {
    window.clear();
    size_t tokens = 0;
    while (pos < order.size() && (!window_sentences || window.size() < window_sentences) &&
           (!window_tokens || tokens < window_tokens)) {
      tokens += target_tokens(corpus, order[pos]);
      window.push_back(order[pos++]);
    }
    sort_window(corpus, window, o.sort);
    const size_t first = all.size();
    cut_batches(window, [&](size_t i) { return target_tokens(corpus, i); }, batch_sentences,
                o.mini_batch_words, all);
    // Mix lengths across steps, but keep each batch length-homogeneous.
    if (o.shuffle != Shuffle::none) shuffle_range(all.begin() + first, all.end(), rng);
  }

  // Every rank must take the same number of steps (they all-reduce together), so drop
  // the last few batches that do not fill a round.
  EpochPlan plan;
  plan.total_batches = all.size();
  const size_t used = all.size() / o.size * o.size;
  plan.dropped_batches = all.size() - used;
  for (size_t j = o.rank; j < used; j += o.size) plan.batches.push_back(std::move(all[j]));
  return plan;
}

}  // namespace tolmach
