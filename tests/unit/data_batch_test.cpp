// Batch layout, epoch plans (budgets, sorting, determinism, shards) and resumable streams.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "data/batch.h"
#include "data/batch_plan.h"
#include "data/batch_stream.h"
#include "data/data_position_json.h"
#include "data/fingerprint.h"
#include "data/shuffle.h"
#include "data/translation_batches.h"
#include "base/error.h"

namespace tolmach {
namespace {

using Plan = std::vector<std::vector<size_t>>;

// n pairs with lengths 1..40 drawn from a fixed generator; token ids encode (pair, position)
// so a batch's contents identify their pairs.
ParallelCorpus synthetic_corpus(size_t n) {
  ParallelCorpus c("train.src", "train.trg");
  std::mt19937_64 rng(7);
  for (size_t i = 0; i < n; ++i) {
    std::vector<int> s(1 + uniform_below(rng, 40)), t(1 + uniform_below(rng, 40));
    for (size_t k = 0; k < s.size(); ++k) s[k] = static_cast<int>(3 + i * 100 + k);
    for (size_t k = 0; k < t.size(); ++k) t[k] = static_cast<int>(3 + i * 100 + 50 + k);
    c.add(s, t, i + 1);
  }
  return c;
}

size_t target_tokens(const ParallelCorpus& c, const std::vector<size_t>& batch) {
  size_t n = 0;
  for (size_t i : batch) n += c.target(i).size() + 1;
  return n;
}

TEST(DataBatch, PadsSourceWithEosAndShiftsTarget) {
  ParallelCorpus c;
  c.add({10, 11, 12}, {20, 21}, 1);
  c.add({13}, {22, 23, 24}, 2);
  const BatchShape shape{/*pad=*/0, /*bos=*/1, /*eos=*/2, /*source_eos=*/true};
  const Batch b = make_batch(c, {1, 0}, shape);
  EXPECT_EQ(b.size(), 2);
  EXPECT_EQ(b.source.width, 4);
  EXPECT_EQ(b.source.ids, (std::vector<int>{13, 2, 0, 0, /**/ 10, 11, 12, 2}));
  EXPECT_EQ(b.source.lengths, (std::vector<int>{2, 4}));
  EXPECT_EQ(b.target_width, 4);
  EXPECT_EQ(b.target_input, (std::vector<int>{1, 22, 23, 24, /**/ 1, 20, 21, 0}));
  EXPECT_EQ(b.target_output, (std::vector<int>{22, 23, 24, 2, /**/ 20, 21, 2, 0}));
  EXPECT_EQ(b.target_lengths, (std::vector<int>{4, 3}));
  EXPECT_EQ(b.lines, (std::vector<size_t>{2, 1}));
  EXPECT_EQ(b.source_tokens, 6u);
  EXPECT_EQ(b.target_tokens, 7u);

  const SourceBatch s = make_source_batch({{5, 6}, {7}}, BatchShape{9, 1, 2, false});
  EXPECT_EQ(s.width, 2);
  EXPECT_EQ(s.ids, (std::vector<int>{5, 6, 7, 9}));
  EXPECT_EQ(s.lengths, (std::vector<int>{2, 1}));
}

TEST(DataBatch, EveryPairOnceAndTokenBudgetRespected) {
  const ParallelCorpus c = synthetic_corpus(1000);
  BatchOptions o;
  o.mini_batch = 32;  // with a token budget: only the window size (32 x 10 sentences)
  o.mini_batch_words = 300;
  o.maxi_batch = 10;
  const EpochPlan plan = plan_epoch(c, o, 0);
  std::vector<int> seen(c.size(), 0);
  size_t batch_tokens = 0;
  for (const auto& batch : plan.batches) {
    ASSERT_FALSE(batch.empty());
    if (batch.size() > 1) {
      EXPECT_LE(target_tokens(c, batch), o.mini_batch_words);
    }
    // make_batch counts the same tokens the budget counted.
    EXPECT_EQ(make_batch(c, batch, {}).target_tokens, target_tokens(c, batch));
    batch_tokens += target_tokens(c, batch);
    for (size_t i : batch) ++seen[i];
  }
  EXPECT_EQ(std::count(seen.begin(), seen.end(), 1), static_cast<long>(c.size()));
  EXPECT_EQ(plan.total_batches, plan.batches.size());
  EXPECT_EQ(plan.dropped_batches, 0u);
  // Full batches: each stops less than one pair (<= 41 tokens) short of the budget, except
  // the last of each of the 4 windows.
  EXPECT_LE(plan.batches.size(), batch_tokens / (300 - 41) + 1 + 4);
}

TEST(DataBatch, WithATokenBudgetTheSentenceCountOnlySizesTheWindow) {
  ParallelCorpus c;
  for (size_t i = 0; i < 100; ++i) c.add({3}, {4}, i + 1);  // 2 target tokens each
  BatchOptions o;
  o.mini_batch = 4;
  o.maxi_batch = 5;  // windows of 20 pairs
  o.mini_batch_words = 100;
  const EpochPlan plan = plan_epoch(c, o, 0);
  ASSERT_EQ(plan.batches.size(), 5u);
  for (const auto& b : plan.batches) EXPECT_EQ(b.size(), 20u);
  o.mini_batch = 0;  // window of 5 x 100 tokens: 250 pairs, so all 100; batches of 50
  const EpochPlan words_only = plan_epoch(c, o, 0);
  ASSERT_EQ(words_only.batches.size(), 2u);
  EXPECT_EQ(words_only.batches[0].size(), 50u);
}

TEST(DataBatch, SentenceBudgetAloneFillsBatches) {
  const ParallelCorpus c = synthetic_corpus(100);
  BatchOptions o;
  o.mini_batch = 8;
  const EpochPlan plan = plan_epoch(c, o, 0);
  ASSERT_EQ(plan.batches.size(), 13u);  // 12 full batches and 4 left over
  size_t full = 0;
  for (const auto& b : plan.batches) full += b.size() == 8;
  EXPECT_EQ(full, 12u);
}

TEST(DataBatch, OverlongPairFormsItsOwnBatch) {
  ParallelCorpus c;
  c.add({3}, std::vector<int>(50, 4), 1);
  c.add({3}, {4}, 2);
  BatchOptions o;
  o.mini_batch = 0;
  o.mini_batch_words = 10;
  o.shuffle = Shuffle::none;
  const EpochPlan plan = plan_epoch(c, o, 0);
  EXPECT_EQ(plan.batches, (Plan{{1}, {0}}));  // sorted by target length
}

TEST(DataBatch, LengthSortingInMaxiBatchesReducesPadding) {
  const ParallelCorpus c = synthetic_corpus(2000);
  auto padding = [&](size_t maxi) {
    BatchOptions o;
    o.mini_batch = 32;
    o.maxi_batch = maxi;
    o.sort = maxi > 1 ? LengthSort::target : LengthSort::none;
    size_t real = 0, padded = 0;
    for (const auto& b : plan_epoch(c, o, 0).batches) {
      const Batch batch = make_batch(c, b, {});
      real += batch.target_tokens;
      padded += static_cast<size_t>(batch.size()) * batch.target_width;
    }
    return 1.0 - static_cast<double>(real) / padded;
  };
  const double unsorted = padding(1), sorted = padding(50);
  RecordProperty("padding_unsorted", std::to_string(unsorted));
  RecordProperty("padding_sorted", std::to_string(sorted));
  EXPECT_GT(unsorted, 0.3);  // uniform lengths 1..40: lots of padding
  EXPECT_LT(sorted, 0.05);
}

TEST(DataBatch, UnshuffledUnsortedKeepsCorpusOrder) {
  const ParallelCorpus c = synthetic_corpus(10);
  BatchOptions o;
  o.mini_batch = 4;
  o.shuffle = Shuffle::none;
  o.sort = LengthSort::none;
  EXPECT_EQ(plan_epoch(c, o, 0).batches, (Plan{{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9}}));
}

TEST(DataBatch, ShuffleBatchesKeepsReadingOrderInsideWindows) {
  const ParallelCorpus c = synthetic_corpus(100);
  BatchOptions o;
  o.mini_batch = 10;
  o.maxi_batch = 2;
  o.sort = LengthSort::none;
  o.shuffle = Shuffle::batches;
  const Plan plan = plan_epoch(c, o, 0).batches;
  ASSERT_EQ(plan.size(), 10u);
  Plan in_order;
  for (size_t b = 0; b < 10; ++b) {
    in_order.emplace_back();
    for (size_t i = 0; i < 10; ++i) in_order.back().push_back(10 * b + i);
  }
  EXPECT_NE(plan, in_order);
  // Batch j is one of the two batches of its window of 20 pairs.
  for (size_t j = 0; j < plan.size(); ++j) {
    const size_t window = j / 2;
    EXPECT_TRUE(plan[j] == in_order[2 * window] || plan[j] == in_order[2 * window + 1]) << j;
  }
}

TEST(DataBatch, DeterministicGivenSeedAndDifferentPerEpochAndSeed) {
  const ParallelCorpus c = synthetic_corpus(500);
  BatchOptions o;
  o.mini_batch_words = 400;
  const Plan a = plan_epoch(c, o, 0).batches;
  EXPECT_EQ(a, plan_epoch(c, o, 0).batches);
  EXPECT_NE(a, plan_epoch(c, o, 1).batches);
  o.seed = 99;
  EXPECT_NE(a, plan_epoch(c, o, 0).batches);
}

TEST(DataBatch, ShardsPartitionTheBatches) {
  const ParallelCorpus c = synthetic_corpus(700);
  BatchOptions o;
  o.mini_batch = 16;
  const EpochPlan whole = plan_epoch(c, o, 3);
  o.size = 3;
  std::vector<Plan> shards;
  for (o.rank = 0; o.rank < 3; ++o.rank) shards.push_back(plan_epoch(c, o, 3).batches);
  const size_t per_rank = whole.batches.size() / 3;
  ASSERT_GT(whole.batches.size() % 3, 0u) << "choose sizes that leave a remainder";
  o.rank = 1;
  EXPECT_EQ(plan_epoch(c, o, 3).dropped_batches, whole.batches.size() % 3);
  // Round j of rank r is batch 3j + r of the unsharded plan: disjoint, same step counts.
  for (size_t r = 0; r < 3; ++r) {
    ASSERT_EQ(shards[r].size(), per_rank);
    for (size_t j = 0; j < per_rank; ++j) EXPECT_EQ(shards[r][j], whole.batches[3 * j + r]);
  }
}

TEST(DataBatch, StreamResumesExactlyFromASavedPosition) {
  const ParallelCorpus c = synthetic_corpus(120);
  BatchOptions o;
  o.mini_batch = 16;
  o.maxi_batch = 3;
  BatchStream first(c, o, {});
  const size_t per_epoch = first.plan().batches.size();
  ASSERT_GE(per_epoch, 8u);
  std::vector<Batch> all;
  DataPosition saved;
  const size_t save_at = per_epoch - 3;  // resume must cross the epoch boundary
  for (size_t k = 0; k < 2 * per_epoch + 2; ++k) {
    if (k == save_at) saved = first.position();
    all.push_back(first.next());
  }
  EXPECT_EQ(first.position().epoch, 2u);
  EXPECT_EQ(saved.epoch, 0u);
  EXPECT_EQ(saved.batch, save_at);
  EXPECT_EQ(saved.fingerprint, data_fingerprint(c, o));

  BatchStream resumed(c, o, {}, saved);
  for (size_t k = save_at; k < all.size(); ++k) {
    const Batch b = resumed.next();
    ASSERT_EQ(b.lines, all[k].lines) << "batch " << k;
    EXPECT_EQ(b.source.ids, all[k].source.ids);
    EXPECT_EQ(b.target_output, all[k].target_output);
  }
  EXPECT_EQ(resumed.position(), first.position());
  // Epochs see the corpus in different orders.
  EXPECT_NE(all[0].lines, all[per_epoch].lines);
}

TEST(DataBatch, ResumeRefusesOtherDataOrOptions) {
  const ParallelCorpus c = synthetic_corpus(50);
  BatchOptions o;
  o.mini_batch = 8;
  BatchStream s(c, o, {});
  s.next();
  const DataPosition saved = s.position();
  // Through the checkpoint's JSON and back.
  const nlohmann::json j = saved;
  ASSERT_TRUE(j.at("fingerprint").is_string());
  EXPECT_EQ(j.at("fingerprint").get<std::string>().size(), 16u);
  EXPECT_EQ(j.at("batch"), 1);
  const DataPosition loaded = j.get<DataPosition>();
  EXPECT_EQ(loaded, saved);
  EXPECT_NO_THROW(BatchStream(c, o, {}, loaded));
  BatchOptions other_seed = o;
  other_seed.seed = 5;
  EXPECT_THROW(BatchStream(c, other_seed, {}, loaded), UsageError);
  BatchOptions two_processes = o;
  two_processes.size = 2;
  EXPECT_THROW(BatchStream(c, two_processes, {}, loaded), UsageError);
  // Ranks step together: rank 1 resumes from rank 0's saved position.
  BatchStream rank0(c, two_processes, {});
  rank0.next();
  BatchOptions rank1 = two_processes;
  rank1.rank = 1;
  EXPECT_NO_THROW(BatchStream(c, rank1, {}, rank0.position()));
  ParallelCorpus changed = synthetic_corpus(49);
  changed.add({3}, {4, 5}, 50);
  EXPECT_THROW(BatchStream(changed, o, {}, loaded), UsageError);
  ParallelCorpus one_id = synthetic_corpus(49);
  one_id.add(c.source(49).to_vector(), c.target(49).to_vector(), 50);
  EXPECT_NO_THROW(BatchStream(one_id, o, {}, loaded));  // the same ids: the same data
}

TEST(DataBatch, StreamEndsEpochsVisibly) {
  const ParallelCorpus c = synthetic_corpus(20);
  BatchOptions o;
  o.mini_batch = 10;
  BatchStream s(c, o, {});
  ASSERT_EQ(s.plan().batches.size(), 2u);
  s.next();
  EXPECT_FALSE(s.at_epoch_end());
  s.next();
  EXPECT_TRUE(s.at_epoch_end());
  EXPECT_EQ(s.position().epoch, 0u);
  EXPECT_EQ(s.position().batch, 2u);
  s.next();
  EXPECT_EQ(s.position().epoch, 1u);
  EXPECT_EQ(s.position().batch, 1u);
}

TEST(DataBatch, BadOptionsAndEmptyCorporaAreReported) {
  const ParallelCorpus c = synthetic_corpus(20);
  BatchOptions o;
  o.mini_batch = 0;
  EXPECT_THROW(plan_epoch(c, o, 0), UsageError);
  o.mini_batch = 10;
  o.rank = 2;
  o.size = 2;
  EXPECT_THROW(plan_epoch(c, o, 0), UsageError);
  o.rank = 0;
  o.size = 1;
  EXPECT_THROW(BatchStream(c, o, {}, DataPosition{0, 3}), UsageError);
  const ParallelCorpus empty("e.src", "e.trg");
  try {
    BatchStream s(empty, o, {});
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()),
              "e.src: no training batches for shard 0 of 1 (0 sentence pairs after filtering)");
  }
}

}  // namespace
}  // namespace tolmach

namespace tolmach {
namespace {

TEST(DataTranslationBatches, SortedByLengthUnderBudgetsCoveringEveryLine) {
  const std::vector<std::vector<int>> lines = {{1, 2, 3}, {4}, {}, {5, 6}, {7, 8, 9, 10}, {11}};
  // Source tokens with eos: 4 2 1 3 5 2.
  EXPECT_EQ(plan_translation_batches(lines, 2, 0),
            (Plan{{2, 1}, {5, 3}, {0, 4}}));
  EXPECT_EQ(plan_translation_batches(lines, 0, 5), (Plan{{2, 1, 5}, {3}, {0}, {4}}));
  EXPECT_EQ(plan_translation_batches(lines, 1, 5), (Plan{{2, 1, 5}, {3}, {0}, {4}}));
  EXPECT_EQ(plan_translation_batches(lines, 4, 0, false), (Plan{{0, 1, 2, 3}, {4, 5}}));
}

}  // namespace
}  // namespace tolmach
