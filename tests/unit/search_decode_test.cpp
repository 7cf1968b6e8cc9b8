// Greedy and beam search against a toy model whose log-probs are a known table.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "search/beam_search.h"
#include "search/greedy_search.h"
#include "search_toy_model.h"

namespace tolmach {
namespace {

using testing::log_probs;
using testing::ProbTable;
using testing::ToyModel;

constexpr int kBos = 1, kEos = 2, kA = 3, kB = 4;

SearchOptions options(int beam, float alpha = 0.f) {
  SearchOptions o;
  o.beam_size = beam;
  o.n_best = beam;
  o.normalize = alpha;
  o.bos = kBos;
  o.eos = kEos;
  return o;
}

// A table given per prefix (the source is ignored); V = 5: pad bos eos a b.
ProbTable explicit_table(std::map<std::vector<int>, std::vector<double>> rows) {
  return [rows](const std::vector<int>&, const std::vector<int>& prefix) {
    auto it = rows.find(prefix);
    return it != rows.end() ? it->second : std::vector<double>{0.01, 0.01, 0.9, 0.04, 0.04};
  };
}

std::vector<int> real_source(const SourceBatch& s, int b) {
  return {s.ids.begin() + b * s.width, s.ids.begin() + b * s.width + s.lengths[b]};
}

// Score of `tokens` (+ eos if finished) summed in decoding order, as search must.
float path_score(const ProbTable& table, const std::vector<int>& src, std::vector<int> tokens,
                 bool finished) {
  if (finished) tokens.push_back(kEos);
  float score = 0.f;
  std::vector<int> prefix;
  for (int t : tokens) {
    score += log_probs(table(src, prefix))[t];
    prefix.push_back(t);
  }
  return score;
}

// Checks every hypothesis against the table: token scores are those of its own prefixes
// (so the model's state followed the right parents), attention likewise.
void expect_consistent(const ProbTable& table, const SourceBatch& src,
                       const std::vector<NBestList>& result, float alpha, bool attention) {
  ASSERT_EQ(static_cast<int>(result.size()), src.size);
  for (int b = 0; b < src.size; ++b) {
    const std::vector<int> s = real_source(src, b);
    for (const Hypothesis& h : result[b]) {
      std::vector<int> seq = h.tokens;
      if (h.finished) seq.push_back(kEos);
      ASSERT_EQ(h.token_scores.size(), seq.size());
      std::vector<int> prefix;
      for (size_t t = 0; t < seq.size(); ++t) {
        EXPECT_EQ(h.token_scores[t], log_probs(table(s, prefix))[seq[t]]);
        if (attention) {
          EXPECT_EQ(h.attention.at(t), testing::toy_attention(s, prefix));
        }
        prefix.push_back(seq[t]);
      }
      EXPECT_EQ(h.score, path_score(table, s, h.tokens, h.finished));
      EXPECT_FLOAT_EQ(h.normalized, h.score / std::pow(static_cast<float>(seq.size()), alpha));
      if (!attention) {
        EXPECT_TRUE(h.attention.empty());
      }
    }
  }
}

SourceBatch sources(std::vector<std::vector<int>> s) { return make_source_batch(s, BatchShape{}); }

const SourceBatch kSix = sources({{5, 6, 7}, {8}, {9, 10, 11, 12, 13, 14}, {5, 6}, {7, 7, 7, 7}, {3}});

TEST(SearchGreedy, PicksTheArgmaxAtEveryStep) {
  const ProbTable table = testing::hashed_table(12, 1);
  ToyModel model(12, kBos, table);
  SearchOptions o = options(1);
  o.attention = true;
  const auto result = greedy_search(model, kSix, o);
  expect_consistent(table, kSix, result, 0.f, true);
  for (int b = 0; b < kSix.size; ++b) {
    ASSERT_EQ(result[b].size(), 1u);
    const Hypothesis& h = result[b][0];
    std::vector<int> prefix;
    for (size_t t = 0; t < h.token_scores.size(); ++t) {
      const std::vector<double> p = table(real_source(kSix, b), prefix);
      const int argmax = static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin());
      ASSERT_EQ(t < h.tokens.size() ? h.tokens[t] : kEos, argmax) << "sentence " << b << " step " << t;
      prefix.push_back(argmax);
    }
    EXPECT_TRUE(h.finished || static_cast<int>(h.tokens.size()) ==
                                   max_output_length(o, kSix.lengths[b]));
  }
}

TEST(SearchBeam, FindsABetterSequenceThanGreedy) {
  // Greedy takes a (0.55), then a (0.35), then eos (0.9): 0.173. "b eos" has 0.36.
  const ProbTable table = explicit_table({
      {{}, {0.0, 0.0, 0.05, 0.55, 0.40}},
      {{kA}, {0.0, 0.0, 0.30, 0.35, 0.35}},
  });
  const SourceBatch src = sources({{5, 6}});
  ToyModel model(5, kBos, table);
  const auto greedy = greedy_search(model, src, options(1));
  EXPECT_EQ(greedy[0][0].tokens, (std::vector<int>{kA, kA}));
  const auto beam = beam_search(model, src, options(2));
  ASSERT_EQ(beam[0].size(), 2u);
  EXPECT_EQ(beam[0][0].tokens, (std::vector<int>{kB}));
  EXPECT_EQ(beam[0][1].tokens, (std::vector<int>{kA, kA}));
  EXPECT_EQ(beam[0][0].score, path_score(table, real_source(src, 0), {kB}, true));
  EXPECT_GT(beam[0][0].score, greedy[0][0].score);
  EXPECT_EQ(beam[0][1].score, greedy[0][0].score);
}

TEST(SearchBeam, ParentsLetTheModelReorderItsCachedState) {
  // After "a" (0.9), both "a a" and "a b" (0.405 each) stay in the beam: two rows continue
  // row 0 and the model must duplicate its state; "b" (row 1) is dropped.
  const ProbTable table = explicit_table({
      {{}, {0.0, 0.0, 0.04, 0.9, 0.06}},
      {{kA}, {0.0, 0.0, 0.1, 0.45, 0.45}},
      {{kA, kA}, {0.0, 0.0, 0.9, 0.05, 0.05}},
      {{kA, kB}, {0.0, 0.0, 0.8, 0.1, 0.1}},
  });
  const SourceBatch src = sources({{5, 6}});
  ToyModel model(5, kBos, table);
  const auto result = beam_search(model, src, options(2));
  ASSERT_GE(model.parents_log.size(), 3u);
  EXPECT_EQ(model.parents_log[0], (std::vector<int>{0}));
  EXPECT_EQ(model.parents_log[1], (std::vector<int>{0, 0}));  // "a", "b" from the start
  EXPECT_EQ(model.parents_log[2], (std::vector<int>{0, 0}));  // "a a", "a b" both from "a"
  EXPECT_EQ(result[0][0].tokens, (std::vector<int>{kA, kA}));
  EXPECT_EQ(result[0][1].tokens, (std::vector<int>{kA, kB}));
  expect_consistent(table, src, result, 0.f, false);
}

TEST(SearchBeam, LengthNormalisationChangesTheWinner) {
  // Empty output: log 0.5 = -0.69 (length 1). "a": log 0.36 = -1.02 (length 2, -0.51 per token).
  const ProbTable table = explicit_table({
      {{}, {0.0, 0.0, 0.5, 0.45, 0.05}},
      {{kA}, {0.0, 0.0, 0.8, 0.1, 0.1}},
  });
  const SourceBatch src = sources({{5}});
  ToyModel model(5, kBos, table);
  const auto plain = beam_search(model, src, options(2, 0.f));
  EXPECT_EQ(plain[0][0].tokens, std::vector<int>{});
  EXPECT_EQ(plain[0][1].tokens, std::vector<int>{kA});
  const auto normalized = beam_search(model, src, options(2, 1.f));
  EXPECT_EQ(normalized[0][0].tokens, std::vector<int>{kA});
  EXPECT_FLOAT_EQ(normalized[0][0].normalized, std::log(0.45f * 0.8f) / 2);
  EXPECT_EQ(normalized[0][1].tokens, std::vector<int>{});
}

TEST(SearchBeam, WideBeamIsExhaustiveAndNBestMatchesBruteForce) {
  // V = 4, at most 3 tokens: 40 possible outputs, all kept by a beam of 40.
  const ProbTable table = testing::hashed_table(4, 5);
  const SourceBatch src = sources({{3, 1}});
  const float alpha = 0.7f;
  SearchOptions o = options(40, alpha);
  o.max_length = 3;
  ToyModel model(4, kBos, table);
  const auto result = beam_search(model, src, o);

  struct Out { std::vector<int> tokens; bool finished; float normalized; };
  std::vector<Out> all;
  const std::vector<int> s = real_source(src, 0);
  std::function<void(std::vector<int>)> grow = [&](std::vector<int> prefix) {
    for (int v = 0; v < 4; ++v) {
      std::vector<int> seq = prefix;
      const bool eos = v == kEos;
      if (!eos) seq.push_back(v);
      if (eos || seq.size() == 3) {
        const float score = path_score(table, s, seq, eos);
        all.push_back({seq, eos, score / std::pow(float(seq.size() + eos), alpha)});
      } else {
        grow(seq);
      }
    }
  };
  grow({});
  ASSERT_EQ(all.size(), 40u);
  std::stable_sort(all.begin(), all.end(), [](const Out& a, const Out& b) { return a.normalized > b.normalized; });
  ASSERT_EQ(result[0].size(), 40u);
  for (size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(result[0][i].tokens, all[i].tokens) << i;
    EXPECT_EQ(result[0][i].finished, all[i].finished) << i;
    EXPECT_FLOAT_EQ(result[0][i].normalized, all[i].normalized) << i;
  }
  expect_consistent(table, src, result, alpha, false);
}

TEST(SearchBeam, BeamOfOneEqualsGreedy) {
  const ProbTable table = testing::hashed_table(12, 2);
  ToyModel model(12, kBos, table);
  SearchOptions o = options(1, 0.6f);
  o.attention = true;
  const auto greedy = greedy_search(model, kSix, o);
  const auto beam = beam_search(model, kSix, o);
  const auto dispatched = search(model, kSix, o);
  for (int b = 0; b < kSix.size; ++b) {
    ASSERT_EQ(beam[b].size(), 1u);
    EXPECT_EQ(beam[b][0].tokens, greedy[b][0].tokens);
    EXPECT_EQ(beam[b][0].token_scores, greedy[b][0].token_scores);
    EXPECT_EQ(beam[b][0].score, greedy[b][0].score);
    EXPECT_EQ(beam[b][0].normalized, greedy[b][0].normalized);
    EXPECT_EQ(beam[b][0].finished, greedy[b][0].finished);
    EXPECT_EQ(beam[b][0].attention, greedy[b][0].attention);
    EXPECT_EQ(dispatched[b][0].tokens, greedy[b][0].tokens);
  }
}

TEST(SearchBeam, BatchedEqualsEachSentenceAlone) {
  const ProbTable table = testing::hashed_table(10, 3);
  ToyModel model(10, kBos, table);
  SearchOptions o = options(4, 1.f);
  o.attention = true;
  const auto batched = beam_search(model, kSix, o);
  expect_consistent(table, kSix, batched, 1.f, true);
  for (int b = 0; b < kSix.size; ++b) {
    const SourceBatch one = sources({std::vector<int>(kSix.ids.begin() + b * kSix.width,
                                                      kSix.ids.begin() + b * kSix.width + kSix.lengths[b] - 1)});
    const auto alone = beam_search(model, one, o);
    ASSERT_EQ(alone[0].size(), batched[b].size()) << b;
    for (size_t i = 0; i < alone[0].size(); ++i) {
      EXPECT_EQ(alone[0][i].tokens, batched[b][i].tokens) << b << " " << i;
      EXPECT_EQ(alone[0][i].score, batched[b][i].score);
      EXPECT_EQ(alone[0][i].attention, batched[b][i].attention);
    }
  }
}

TEST(SearchBeam, NBestIsSortedWithKDistinctEntriesAndExactScores) {
  const ProbTable table = testing::hashed_table(10, 4);
  ToyModel model(10, kBos, table);
  const float alpha = 0.5f;
  const auto result = beam_search(model, kSix, options(5, alpha));
  expect_consistent(table, kSix, result, alpha, false);
  for (const NBestList& list : result) {
    ASSERT_EQ(list.size(), 5u);
    for (size_t i = 1; i < list.size(); ++i) EXPECT_GE(list[i - 1].normalized, list[i].normalized);
    for (size_t i = 0; i < list.size(); ++i)
      for (size_t j = i + 1; j < list.size(); ++j)
        EXPECT_TRUE(list[i].tokens != list[j].tokens || list[i].finished != list[j].finished);
  }
  SearchOptions fewer = options(5, alpha);
  fewer.n_best = 2;
  const auto top2 = beam_search(model, kSix, fewer);
  for (int b = 0; b < kSix.size; ++b) {
    ASSERT_EQ(top2[b].size(), 2u);
    EXPECT_EQ(top2[b][1].tokens, result[b][1].tokens);
  }
}

TEST(SearchBeam, StopsAtMaxLengthFactor) {
  // eos is (almost) never likely: outputs are cut at factor * source length (with eos).
  const ProbTable never_ends = [](const std::vector<int>&, const std::vector<int>& prefix) {
    std::vector<double> p(6, 0.2);
    p[kEos] = 1e-9;
    p[3 + prefix.size() % 3] = 0.4;
    return p;
  };
  ToyModel model(6, kBos, never_ends);
  const SourceBatch src = sources({{5, 6, 7}, {5, 6}});  // lengths 4 and 3 with eos
  SearchOptions o = options(3);
  o.max_length_factor = 1.5f;
  for (const auto& result : {beam_search(model, src, o), greedy_search(model, src, o)}) {
    EXPECT_EQ(result[0][0].tokens.size(), 6u);
    EXPECT_EQ(result[1][0].tokens.size(), 5u);  // ceil(4.5), as Marian
    EXPECT_FALSE(result[0][0].finished);
  }
  EXPECT_EQ(max_output_length(o, 4), 6);
  o.max_length = 5;
  EXPECT_EQ(max_output_length(o, 4), 5);
}

TEST(SearchBeam, BannedTokensAreNeverProduced) {
  const ProbTable table = testing::hashed_table(8, 6);
  ToyModel model(8, kBos, table);
  SearchOptions o = options(4);
  const auto free = beam_search(model, kSix, o);
  // Ban the most used token of the unconstrained outputs.
  std::vector<int> count(8, 0);
  for (const auto& list : free)
    for (const auto& h : list)
      for (int t : h.tokens) ++count[t];
  const int popular = static_cast<int>(std::max_element(count.begin(), count.end()) - count.begin());
  ASSERT_GT(count[popular], 0);
  o.banned = {popular, 0};
  for (const auto& result : {beam_search(model, kSix, o), greedy_search(model, kSix, o)}) {
    expect_consistent(table, kSix, result, 0.f, false);
    for (const auto& list : result)
      for (const auto& h : list) {
        EXPECT_EQ(std::count(h.tokens.begin(), h.tokens.end(), popular), 0);
        EXPECT_EQ(std::count(h.tokens.begin(), h.tokens.end(), 0), 0);
      }
  }
}

}  // namespace
}  // namespace tolmach
