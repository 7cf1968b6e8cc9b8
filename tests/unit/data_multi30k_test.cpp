// The data pipeline on the real Multi30k training set (29k pairs), when ../shared/data is
// present. Golden counts from awk over the same files:
//   paste -d '\t' train.lc.norm.tok.en train.lc.norm.tok.de | awk -F'\t'
//     '{ns=split($1,a," "); nt=split($2,b," "); if(ns==0||nt==0) e++;
//       else if (ns>20||nt>20) l++; else k++} END {print k, e, l}'   -> 27114 0 1886
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "data/batch_plan.h"
#include "data/corpus.h"

namespace tolmach {
namespace {

std::vector<int> word_ids(const std::string& line) {
  static std::unordered_map<std::string, int> vocab;
  std::istringstream in(line);
  std::vector<int> ids;
  for (std::string w; in >> w;) ids.push_back(vocab.emplace(w, 3 + int(vocab.size())).first->second);
  return ids;
}

TEST(DataMulti30k, FiltersAndBatchesTheTrainingSet) {
  const std::string dir = std::string(TOLMACH_SHARED_DATA) + "/multi30k/tok/";
  if (!std::ifstream(dir + "train.lc.norm.tok.en")) GTEST_SKIP() << "no shared data";
  CorpusStats stats;
  const ParallelCorpus c = read_parallel_corpus(dir + "train.lc.norm.tok.en", dir + "train.lc.norm.tok.de",
                                                word_ids, word_ids, CorpusOptions{20}, &stats);
  EXPECT_EQ(stats.lines, 29000u);
  EXPECT_EQ(stats.kept, 27114u);
  EXPECT_EQ(stats.skipped_empty, 0u);
  EXPECT_EQ(stats.skipped_long, 1886u);

  BatchOptions o;
  o.mini_batch = 0;
  o.mini_batch_words = 2000;
  const EpochPlan plan = plan_epoch(c, o, 0);
  std::vector<int> seen(c.size(), 0);
  size_t total = 0;
  for (const auto& batch : plan.batches) {
    size_t tokens = 0;
    for (size_t i : batch) {
      ++seen[i];
      tokens += c.target(i).size() + 1;
    }
    EXPECT_LE(tokens, 2000u);
    total += tokens;
  }
  EXPECT_EQ(std::count(seen.begin(), seen.end(), 1), static_cast<long>(c.size()));
  // Batches are full: each stops less than one sentence (<= 21 tokens) short of the budget,
  // except the last of each maxi-batch window (2000 x 100 tokens; a handful here).
  const size_t windows = total / (2000 * 100) + 1;
  EXPECT_LE(plan.batches.size(), total / (2000 - 21) + 1 + windows);
}

}  // namespace
}  // namespace tolmach
