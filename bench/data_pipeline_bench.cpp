// Reading Multi30k (29k pairs) and planning / building an epoch of batches, to show the
// data pipeline is negligible next to training. Reads $TOLMACH_SHARED_DATA (default
// ../shared/data from the repository root); skips when it is absent.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <unordered_map>

#include "data/batch.h"
#include "data/batch_plan.h"
#include "data/corpus.h"

namespace tolmach {
namespace {

const std::string kDir = std::string(std::getenv("TOLMACH_SHARED_DATA")
                                         ? std::getenv("TOLMACH_SHARED_DATA")
                                         : "../shared/data") + "/multi30k/tok/";

// Word-level ids as a stand-in for the SentencePiece tokenizer.
EncodeFn word_ids() {
  auto vocab = std::make_shared<std::unordered_map<std::string, int>>();
  return [vocab](const std::string& line) {
    std::istringstream in(line);
    std::vector<int> ids;
    for (std::string w; in >> w;) ids.push_back(vocab->emplace(w, 3 + int(vocab->size())).first->second);
    return ids;
  };
}

bool have_data() { return std::ifstream(kDir + "train.lc.norm.tok.en").good(); }

void BM_ReadCorpus(benchmark::State& state) {
  if (!have_data()) return state.SkipWithError("no shared data");
  for (auto _ : state)
    benchmark::DoNotOptimize(read_parallel_corpus(kDir + "train.lc.norm.tok.en",
                                                  kDir + "train.lc.norm.tok.de", word_ids(),
                                                  word_ids(), {100}));
  state.SetItemsProcessed(state.iterations() * 29000);
}
BENCHMARK(BM_ReadCorpus)->Unit(benchmark::kMillisecond);

void BM_EpochOfBatches(benchmark::State& state) {
  if (!have_data()) return state.SkipWithError("no shared data");
  const ParallelCorpus c = read_parallel_corpus(kDir + "train.lc.norm.tok.en",
                                                kDir + "train.lc.norm.tok.de", word_ids(), word_ids(), {100});
  BatchOptions o;
  o.mini_batch = 0;
  o.mini_batch_words = 4000;
  uint64_t epoch = 0;
  for (auto _ : state) {
    const EpochPlan plan = plan_epoch(c, o, epoch++);
    for (const auto& b : plan.batches) benchmark::DoNotOptimize(make_batch(c, b, {}));
  }
  state.SetItemsProcessed(state.iterations() * c.size());
}
BENCHMARK(BM_EpochOfBatches)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tolmach
