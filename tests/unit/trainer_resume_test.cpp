// The training loop: exact resume from a checkpoint, checkpoint contents and pruning, the
// learning-rate schedule, stop signals and the trainer state file.
#include <gtest/gtest.h>

#include <cmath>
#include <csignal>
#include <cstring>
#include <filesystem>

#include "io/checkpoint.h"
#include "base/error.h"
#include "io/model_dir.h"
#include "tensor/threads.h"
#include "train/param_io.h"
#include "train/stop_signal.h"
#include "train/trainer.h"
#include "test_util.h"
#include "trainer_toy_model.h"

namespace fs = std::filesystem;
using namespace tolmach;
using tolmach::test::TempDir;
using tolmach::testing::ToyModel;

namespace {

constexpr int kVocab = 20;

// A copy task: target = source, random lengths 1..6 from a fixed generator.
ParallelCorpus toy_corpus() {
  ParallelCorpus c("toy.src", "toy.trg");
  uint64_t x = 42;
  for (size_t line = 1; line <= 60; ++line) {
    std::vector<int> s;
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    const int len = 1 + static_cast<int>((x >> 33) % 6);
    for (int i = 0; i < len; ++i) {
      x = x * 6364136223846793005ull + 1442695040888963407ull;
      s.push_back(3 + static_cast<int>((x >> 33) % (kVocab - 3)));
    }
    c.add(s, s, line);
  }
  return c;
}

TrainerOptions options(const std::string& dir, int64_t after, int64_t save_freq) {
  TrainerOptions o;
  o.model_dir = dir;
  o.config = {{"type", "toy"}};
  o.batch.mini_batch = 8;
  o.batch.maxi_batch = 2;
  o.lr.lr = 0.01f;
  o.lr.warmup = 3;
  o.after_updates = after;
  o.save_freq = save_freq;
  o.disp_freq = 0;
  o.valid_freq = 0;
  o.seed = 7;
  o.batch.seed = 7;
  return o;
}

std::vector<std::vector<float>> weights(const Seq2SeqModel& m) {
  std::vector<std::vector<float>> out;
  for (const auto& p : m.parameters()) out.push_back(p.second.value().to_vector());
  return out;
}

class TrainerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    set_num_threads(1);
    clear_stop_request();
  }
};

TEST_F(TrainerTest, ResumeGivesBitwiseTheSameWeights) {
  const ParallelCorpus corpus = toy_corpus();
  TempDir a, b;
  Progress quiet(false);
  // 24 updates in one go (about three epochs of 8-sentence batches: crosses epoch ends).
  ToyModel one(kVocab, kVocab, 8, 1);
  Trainer t1(one, corpus, options(a.path(), 24, 1000), quiet);
  EXPECT_EQ(t1.train(), StopReason::finished);
  EXPECT_EQ(t1.state().update, 24);

  // 11 updates, then a fresh process' worth of objects resumes from the checkpoint.
  {
    ToyModel half(kVocab, kVocab, 8, 1);
    Trainer t2(half, corpus, options(b.path(), 11, 1000), quiet);
    t2.train();
  }
  const auto ck_dir = latest_checkpoint(b / "checkpoints");
  ASSERT_TRUE(ck_dir.has_value());
  EXPECT_EQ(fs::path(*ck_dir).filename(), "step-11");
  const Checkpoint ck = load_checkpoint(*ck_dir);
  ToyModel resumed(kVocab, kVocab, 8, 99);  // other init: everything must come from the checkpoint
  load_params(resumed.parameters(), ck.model);
  Trainer t3(resumed, corpus, options(b.path(), 24, 1000), quiet);
  t3.restore(ck.optimizer, TrainerState::from_json(ck.trainer_state, "state"));
  t3.train();
  EXPECT_EQ(t3.state().update, 24);
  EXPECT_EQ(t3.state().data, t1.state().data);

  const auto w1 = weights(one), w3 = weights(resumed);
  ASSERT_EQ(w1.size(), w3.size());
  for (size_t i = 0; i < w1.size(); ++i)
    EXPECT_EQ(0, std::memcmp(w1[i].data(), w3[i].data(), w1[i].size() * sizeof(float))) << "parameter " << i;
  // And training changed them (the comparison is not between two initial models).
  ToyModel init(kVocab, kVocab, 8, 1);
  EXPECT_NE(weights(init)[2], w1[2]);
}

// --exponential-smoothing: the model file holds avg_u = b_u avg_{u-1} + (1 - b_u) w_u with
// b_u = min(1 - factor, (1 + u) / (10 + u)), recomputed here from the raw weights of every
// update; the checkpoints keep the raw weights and the average, so a resumed run ends with
// the same average bit for bit.
TEST_F(TrainerTest, ExponentialSmoothingSavesTheMovingAverageAndResumesIt) {
  const ParallelCorpus corpus = toy_corpus();
  const float factor = 0.2f;
  Progress quiet(false);
  // Raw weights after each update, one update per run (each run resumes the last).
  TempDir steps;
  std::vector<std::vector<float>> avg;
  for (int u = 1; u <= 6; ++u) {
    ToyModel m(kVocab, kVocab, 8, 1);
    TrainerOptions o = options(steps.path(), u, 1);
    o.exponential_smoothing = factor;
    Trainer t(m, corpus, o, quiet);
    if (u > 1) {
      const Checkpoint ck = load_checkpoint(*latest_checkpoint(steps / "checkpoints"));
      load_params(m.parameters(), ck.model);
      t.restore(ck.optimizer, TrainerState::from_json(ck.trainer_state, "state"));
    }
    t.train();
    const auto w = weights(m);
    const double beta = std::min(1.0 - factor, (1.0 + u) / (10.0 + u));
    if (avg.empty()) avg = weights(ToyModel(kVocab, kVocab, 8, 1));  // the average starts at the initial weights
    for (size_t i = 0; i < w.size(); ++i)
      for (size_t j = 0; j < w[i].size(); ++j)
        avg[i][j] = static_cast<float>(beta) * avg[i][j] + static_cast<float>(1.0 - beta) * w[i][j];
    if (u == 6) {
      EXPECT_NE(w[2], avg[2]);  // the model file is not the raw weights
    }
  }
  // One uninterrupted 6-update run saves that average as its model.
  TempDir straight;
  ToyModel m(kVocab, kVocab, 8, 1);
  TrainerOptions o = options(straight.path(), 6, 1000);
  o.exponential_smoothing = factor;
  Trainer(m, corpus, o, quiet).train();
  for (const std::string& dir : {straight.path(), steps.path()}) {
    const ModelDir md = load_model_dir(dir);
    const auto params = m.parameters();
    for (size_t i = 0; i < params.size(); ++i) {
      std::vector<float> saved(avg[i].size());
      std::memcpy(saved.data(), md.weights.at(params[i].first).data, saved.size() * sizeof(float));
      for (size_t j = 0; j < saved.size(); ++j) ASSERT_NEAR(saved[j], avg[i][j], 1e-6f) << params[i].first << " in " << dir;
    }
  }
}

TEST_F(TrainerTest, CheckpointsHoldStateAndOnlyTheLastTwoAreKept) {
  const ParallelCorpus corpus = toy_corpus();
  TempDir d;
  Progress quiet(false);
  ToyModel m(kVocab, kVocab, 8, 1);
  Trainer t(m, corpus, options(d.path(), 25, 10), quiet);
  t.train();
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(d / "checkpoints")) names.push_back(e.path().filename());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"step-20", "step-25"}));
  const Checkpoint ck = load_checkpoint(d / "checkpoints/step-25");
  EXPECT_EQ(ck.trainer_state["update"], 25);
  EXPECT_EQ(ck.trainer_state["rng"]["seed"], 7);
  EXPECT_TRUE(ck.trainer_state.contains("data_position"));
  EXPECT_EQ(ck.optimizer.tensors().size(), 2 * m.parameters().size());
  // Model directory: the latest weights, translatable as is.
  const ModelDir md = load_model_dir(d.path());
  std::vector<float> w(m.parameters()[2].second.value().numel());
  std::memcpy(w.data(), md.weights.at("out.w").data, w.size() * sizeof(float));
  EXPECT_EQ(w, m.parameters()[2].second.value().to_vector());
}

TEST_F(TrainerTest, StopSignalSavesAResumableCheckpoint) {
  const ParallelCorpus corpus = toy_corpus();
  TempDir d;
  Progress quiet(false);
  ToyModel m(kVocab, kVocab, 8, 1);
  Trainer t(m, corpus, options(d.path(), 1000, 1000), quiet);
  request_stop(SIGTERM);
  EXPECT_EQ(t.train(), StopReason::signal);
  clear_stop_request();
  EXPECT_TRUE(is_complete_checkpoint(d / "checkpoints/step-0"));
}

TEST_F(TrainerTest, LossGoesDown) {
  const ParallelCorpus corpus = toy_corpus();
  TempDir d;
  Progress quiet(false);
  ToyModel m(kVocab, kVocab, 8, 1);
  auto mean_loss = [&] {
    m.set_training(false);
    NoGradGuard ng;
    std::vector<size_t> all(corpus.size());
    for (size_t i = 0; i < all.size(); ++i) all[i] = i;
    LossResult r = m.loss(make_batch(corpus, all, BatchShape{}), {}, 0);
    return r.sum.value().item() / r.tokens;
  };
  const double before = mean_loss();
  Trainer t(m, corpus, options(d.path(), 80, 1000), quiet);
  t.train();
  EXPECT_LT(mean_loss(), before - 0.3);
}

// The schedule's arithmetic is LrSchedule's (train_optimizer_test); here the options reach it,
// the cooldown ending at the update limit.
TEST(TrainerSchedule, WarmupInverseSqrtDecayAndCooldownToTheUpdateLimit) {
  ToyModel m(kVocab, kVocab, 4, 1);
  const ParallelCorpus corpus = toy_corpus();
  Progress quiet(false);
  TrainerOptions o = options("/nonexistent", 1, 1);
  o.lr = {1.f, 4, 16};
  o.after_updates = 64;
  o.lr.cooldown = 8;
  Trainer t(m, corpus, o, quiet);
  EXPECT_FLOAT_EQ(t.learning_rate(1), 0.25f);
  EXPECT_FLOAT_EQ(t.learning_rate(4), 1.f);
  EXPECT_FLOAT_EQ(t.learning_rate(16), 1.f);
  EXPECT_FLOAT_EQ(t.learning_rate(56), std::sqrt(16.f / 56));  // before the last 8 updates
  EXPECT_FLOAT_EQ(t.learning_rate(57), std::sqrt(16.f / 57));  // 8 / 8 left
  EXPECT_FLOAT_EQ(t.learning_rate(60), std::sqrt(16.f / 60) * 5 / 8);
  EXPECT_FLOAT_EQ(t.learning_rate(64), 0.5f / 8);               // the last update
  EXPECT_FLOAT_EQ(t.learning_rate(65), 0.f);
}

TEST(TrainerState, JsonRoundTrip) {
  TrainerState s;
  s.update = 17;
  s.data = {3, 5};
  s.seed = 99;
  s.has_best = true;
  s.best = 12.5;
  s.stalled = 2;
  s.last_valid = {12.5, 3.0};
  const TrainerState r = TrainerState::from_json(s.to_json(), "x");
  EXPECT_EQ(r.update, 17);
  EXPECT_EQ(r.data, (DataPosition{3, 5}));
  EXPECT_EQ(r.seed, 99u);
  EXPECT_TRUE(r.has_best);
  EXPECT_EQ(r.best, 12.5);
  EXPECT_EQ(r.stalled, 2u);
  EXPECT_EQ(r.last_valid, s.last_valid);
  EXPECT_THROW(TrainerState::from_json({{"update", 1}}, "x"), InputError);
}

TEST(TrainerSeeds, UpdateSeedsDiffer) {
  EXPECT_NE(update_seed(1, 1), update_seed(1, 2));
  EXPECT_NE(update_seed(1, 1), update_seed(2, 1));
  EXPECT_EQ(update_seed(5, 9), update_seed(5, 9));
}

}  // namespace
