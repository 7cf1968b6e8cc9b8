// Forced decoding of a model's own greedy output gives back exactly what search saw: the
// attention of every step and the log-probability of every token, for both architectures
// and for sources of different lengths in one batch (rows finishing at different steps).
#include <gtest/gtest.h>

#include "align/forced_decoding.h"
#include "models/seq2seq.h"
#include "rnn_test_util.h"
#include "search/greedy_search.h"
#include "transformer_test_util.h"

using namespace tolmach;

namespace {

void expect_forced_equals_search(const nlohmann::json& config) {
  set_num_threads(1);
  auto model = create_model(config, 7);
  model->set_training(false);
  const std::vector<std::vector<int>> sources = {{3, 4, 5, 6, 7}, {8, 9}, {10, 11, 3, 4}};
  const SourceBatch src = make_source_batch(sources, BatchShape{});
  SearchOptions o;
  o.attention = true;
  o.max_length_factor = 2.f;
  auto step = model->step_model();
  const std::vector<NBestList> found = greedy_search(*step, src, o);

  std::vector<std::vector<int>> targets;
  size_t longest = 0;
  for (const NBestList& n : found) {
    targets.push_back(n.front().tokens);
    longest = std::max(longest, n.front().tokens.size());
  }
  ASSERT_GE(longest, 2u) << "the test needs outputs of several steps";
  const std::vector<ForcedDecoding> forced = force_decode(*step, src, targets, o.bos, o.eos);
  ASSERT_EQ(forced.size(), sources.size());
  for (size_t s = 0; s < sources.size(); ++s) {
    const Hypothesis& h = found[s].front();
    const ForcedDecoding& f = forced[s];
    ASSERT_EQ(f.attention.size(), h.tokens.size() + 1) << "a row per target token, then eos";
    ASSERT_EQ(f.token_scores.size(), h.tokens.size() + 1);
    // Search's rows: its tokens, plus eos when it finished (a hypothesis cut at the length
    // limit has no eos row).
    ASSERT_EQ(h.attention.size(), h.tokens.size() + (h.finished ? 1 : 0));
    for (size_t t = 0; t < h.attention.size(); ++t) {
      ASSERT_EQ(f.attention[t].size(), sources[s].size() + 1);
      for (size_t j = 0; j < f.attention[t].size(); ++j)
        EXPECT_NEAR(f.attention[t][j], h.attention[t][j], 1e-6) << "sentence " << s << " step " << t;
      EXPECT_NEAR(f.token_scores[t], h.token_scores[t], 1e-5) << "sentence " << s << " step " << t;
    }
    if (h.finished) EXPECT_NEAR(f.score, h.score, 1e-4);
  }
}

TEST(ForcedDecoding, TransformerMatchesItsOwnGreedySearch) {
  expect_forced_equals_search(tolmach::testing::tiny_transformer_config(12));
}

TEST(ForcedDecoding, RnnAttentionMatchesItsOwnGreedySearch) {
  expect_forced_equals_search(tolmach::testing::tiny_rnn_config("additive"));
}

TEST(ForcedDecoding, ScoresAreTheTargetsLogProbabilities) {
  set_num_threads(1);
  auto model = create_model(tolmach::testing::tiny_transformer_config(12), 3);
  model->set_training(false);
  const SourceBatch src = make_source_batch({{3, 4, 5}}, BatchShape{});
  auto step = model->step_model();
  const auto f = force_decode(*step, src, {{6, 7}}, 1, 2);
  float sum = 0.f;
  for (float lp : f[0].token_scores) {
    EXPECT_LT(lp, 0.f);
    sum += lp;
  }
  EXPECT_FLOAT_EQ(f[0].score, sum);
  // An empty target is scored by its eos alone.
  const auto e = force_decode(*step, src, {{}}, 1, 2);
  ASSERT_EQ(e[0].token_scores.size(), 1u);
  ASSERT_EQ(e[0].attention.size(), 1u);
}

}  // namespace
