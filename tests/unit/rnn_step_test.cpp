// Incremental decoding (the StepModel search uses) must score exactly what the training
// graph's teacher-forced pass scores for the same prefixes: per-token log-probabilities and
// attention weights of beam search's n-best hypotheses, whose decoder states were gathered
// across steps by `parents`, are recomputed with the batch forward pass and compared.
#include <gtest/gtest.h>

#include <cmath>

#include "models/rnn_attention/model.h"
#include "ops/ops.h"
#include "rnn_test_util.h"
#include "search/beam_search.h"
#include "search/greedy_search.h"

namespace tolmach {
namespace {

const testing::SingleThread kSingleThread;

const std::vector<std::vector<int>> kSources = {{3, 4, 5, 6, 7, 8}, {9, 3}, {10, 11, 4, 5}};

// Teacher-forced log-probs [B*T, V] and attention [B, T, S] of (source, hypothesis) pairs.
struct Forced {
  Tensor logp, attention;
  int T = 0, S = 0;
};
Forced teacher_forced(const rnn::RnnAttentionModel& model, const std::vector<std::vector<int>>& sources,
                      const std::vector<std::vector<int>>& targets) {
  ParallelCorpus c("s", "t");
  std::vector<size_t> idx;
  for (size_t i = 0; i < sources.size(); ++i) {
    c.add(sources[i], targets[i], i + 1);
    idx.push_back(i);
  }
  Batch batch = make_batch(c, idx, BatchShape{});
  NoGradGuard ng;
  auto f = model.forward(batch, rnn::Dropout{});
  return {ops::log_softmax(f.logits.value(), -1), f.attention.value(), batch.target_width, batch.source.width};
}

void check_consistency(nlohmann::json cfg, int beam) {
  cfg["dim-emb"] = 8;
  cfg["dim-rnn"] = 7;
  cfg["src-vocab-size"] = 14;
  cfg["tgt-vocab-size"] = 14;
  auto m = create_model(cfg, 5);
  auto& model = dynamic_cast<rnn::RnnAttentionModel&>(*m);
  auto step = model.step_model();
  SearchOptions opts;
  opts.beam_size = beam;
  opts.n_best = beam;
  opts.attention = true;
  opts.max_length = 6;
  SourceBatch src = make_source_batch(kSources, BatchShape{});
  auto nbest = beam == 1 ? greedy_search(*step, src, opts) : beam_search(*step, src, opts);

  std::vector<std::vector<int>> sources, targets;
  std::vector<const Hypothesis*> hyps;
  for (size_t s = 0; s < nbest.size(); ++s) {
    ASSERT_GE(nbest[s].size(), 1u);
    for (const Hypothesis& h : nbest[s]) {
      sources.push_back(kSources[s]);
      targets.push_back(h.tokens);
      hyps.push_back(&h);
    }
  }
  Forced f = teacher_forced(model, sources, targets);
  int compared = 0;
  for (size_t r = 0; r < hyps.size(); ++r) {
    const Hypothesis& h = *hyps[r];
    const size_t len = sources[r].size() + 1;  // with eos
    for (size_t t = 0; t < h.token_scores.size(); ++t) {
      int token = t < h.tokens.size() ? h.tokens[t] : opts.eos;
      float forced = f.logp.at({static_cast<int64_t>(r * f.T + t), token});
      EXPECT_NEAR(h.token_scores[t], forced, 1e-4) << "hypothesis " << r << " token " << t;
      ASSERT_EQ(h.attention[t].size(), len);
      for (size_t s = 0; s < len; ++s)
        EXPECT_NEAR(h.attention[t][s], f.attention.at({static_cast<int64_t>(r), static_cast<int64_t>(t),
                                                       static_cast<int64_t>(s)}),
                    1e-5);
      ++compared;
    }
  }
  EXPECT_GT(compared, 10);
}

TEST(RnnStep, GreedyMatchesTeacherForcing) { check_consistency(testing::tiny_rnn_config("additive"), 1); }

TEST(RnnStep, BeamMatchesTeacherForcingDeep) {
  nlohmann::json cfg = testing::tiny_rnn_config("general");
  cfg["enc-depth"] = 2;
  cfg["dec-depth"] = 2;
  check_consistency(cfg, 3);
}

TEST(RnnStep, BeamMatchesTeacherForcingLocalP) { check_consistency(testing::tiny_rnn_config("scaled-dot", 2), 3); }

TEST(RnnStep, BeamMatchesTeacherForcingLocation) { check_consistency(testing::tiny_rnn_config("location"), 2); }

TEST(RnnStep, BeamMatchesTeacherForcingCosine) { check_consistency(testing::tiny_rnn_config("cosine"), 2); }

// Every step's log-probs are a distribution, for rows gathered in any order.
TEST(RnnStep, LogProbsNormalisedForRepeatedParents) {
  auto m = create_model(testing::tiny_rnn_config("dot"), 9);
  auto step = m->step_model();
  step->start(make_source_batch(kSources, BatchShape{}));
  StepOutput out;
  step->step({0, {1, 1, 1}, {0, 1, 2}, {0, 1, 2}}, out, true);
  step->step({1, {5, 5, 6, 7}, {2, 2, 0, 1}, {2, 2, 0, 1}}, out, true);
  ASSERT_EQ(out.logprobs.size(), 4u * 12);
  ASSERT_EQ(out.attention.size(), 4u * 7);
  for (int r = 0; r < 4; ++r) {
    double p = 0, a = 0;
    for (int v = 0; v < 12; ++v) p += std::exp(out.logprobs[r * 12 + v]);
    for (int s = 0; s < 7; ++s) a += out.attention[r * 7 + s];
    EXPECT_NEAR(p, 1.0, 1e-5);
    EXPECT_NEAR(a, 1.0, 1e-5);
  }
  // Rows 0 and 1 share parent and token: identical scores.
  for (int v = 0; v < 12; ++v) EXPECT_EQ(out.logprobs[v], out.logprobs[12 + v]);
}

}  // namespace
}  // namespace tolmach

namespace tolmach {
namespace {

// An empty source (no eos appended) still decodes to finite scores, global and local-p.
TEST(RnnStep, EmptySourceGivesFiniteScores) {
  for (int window : {0, 2}) {
    auto m = create_model(testing::tiny_rnn_config("additive", window), 3);
    auto step = m->step_model();
    BatchShape shape;
    shape.source_eos = false;
    step->start(make_source_batch({{}, {4, 5}}, shape));
    StepOutput out;
    step->step({0, {1, 1}, {0, 1}, {0, 1}}, out, true);
    for (float x : out.logprobs) EXPECT_TRUE(std::isfinite(x));
    for (float x : out.attention) EXPECT_TRUE(std::isfinite(x));
  }
}

// Dropout changes the loss only in training mode, and then with the seed.
TEST(RnnModel, DropoutOnlyWhileTraining) {
  nlohmann::json cfg = testing::tiny_rnn_config("general");
  cfg["dropout"] = 0.3;
  cfg["enc-depth"] = 2;
  auto m = create_model(cfg, 3);
  ParallelCorpus c("s", "t");
  c.add({3, 4, 5}, {6, 7, 8}, 1);
  Batch batch = make_batch(c, {0}, BatchShape{});
  auto loss = [&](uint64_t seed) {
    NoGradGuard ng;
    return m->loss(batch, {}, seed).sum.value().item();
  };
  const float eval = loss(1);
  EXPECT_EQ(eval, loss(2));
  m->set_training(true);
  EXPECT_NE(loss(1), loss(2));
  EXPECT_EQ(loss(1), loss(1));
  EXPECT_NE(loss(1), eval);
}

}  // namespace
}  // namespace tolmach
