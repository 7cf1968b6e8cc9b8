// Data parallelism without MPI: the bucketed gradient all-reduce and the trainer driven by
// a fake communicator that plays "every rank holds what this one holds" (sums = N x the
// local value). Real MPI runs are tested in tests/cli/train_mpi.sh.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "io/checkpoint.h"
#include "base/error.h"
#include "tensor/threads.h"
#include "train/distributed.h"
#include "train/gradient_allreduce.h"
#include "train/param_checksum.h"
#include "train/stop_signal.h"
#include "train/trainer.h"
#include "test_util.h"
#include "trainer_toy_model.h"

using namespace tolmach;
using tolmach::test::TempDir;
using tolmach::testing::ToyModel;

namespace {

// `size` ranks that all hold this rank's data: an all-reduce multiplies by size. Records the
// element count of every call; `corrupt_broadcast` changes what rank 0 "sends".
class MirrorCommunicator : public Communicator {
 public:
  explicit MirrorCommunicator(int size) : size_(size) {}
  int rank() const override { return 0; }
  int size() const override { return size_; }
  void allreduce_sum(float* d, size_t n) override {
    calls.push_back(n);
    for (size_t i = 0; i < n; ++i) d[i] *= size_;
  }
  void allreduce_sum(double* d, size_t n) override {
    for (size_t i = 0; i < n; ++i) d[i] *= size_;
  }
  void allreduce_sum_bf16(uint16_t* d, size_t n) override {
    calls.push_back(n);
    bf16* b = reinterpret_cast<bf16*>(d);
    for (size_t i = 0; i < n; ++i) b[i] = bf16(float(b[i]) * size_);
  }
  void broadcast(void* d, size_t bytes, int) override {
    if (corrupt_broadcast) static_cast<char*>(d)[0] ^= 1;
  }
  void barrier() override {}
  std::string describe() const override { return "mirror"; }
  std::vector<size_t> calls;
  bool corrupt_broadcast = false;

 private:
  int size_;
};

std::vector<Tensor> gradients(const std::vector<int64_t>& sizes) {
  std::vector<Tensor> g;
  float x = 0.1f;
  for (int64_t n : sizes) {
    std::vector<float> v(n);
    for (auto& e : v) e = (x += 0.37f);
    g.push_back(Tensor::from_vector({n}, v));
  }
  return g;
}

TEST(GradientAllreduce, SumsEveryElementInBucketsOfAtMostTheGivenSize) {
  MirrorCommunicator comm(3);
  // Bucket of 100 floats: 30 + 50 packed, 120 in place, 10 + 95 across two buckets.
  GradientAllreduce reduce(comm, AllreducePrecision::float32, 100 * sizeof(float));
  const std::vector<Tensor> g = gradients({30, 50, 120, 10, 95});
  std::vector<std::vector<float>> before;
  for (const Tensor& t : g) before.push_back(t.to_vector());
  reduce.run(g);
  for (size_t k = 0; k < g.size(); ++k) {
    const auto after = g[k].to_vector();
    for (size_t i = 0; i < after.size(); ++i) ASSERT_EQ(after[i], 3 * before[k][i]) << k << " " << i;
  }
  EXPECT_EQ(comm.calls, (std::vector<size_t>{120, 100, 85}));
  EXPECT_EQ(reduce.collective_calls(), 3u);
}

TEST(GradientAllreduce, Bfloat16OnTheWireKeepsThreeDigits) {
  MirrorCommunicator comm(2);
  GradientAllreduce reduce(comm, AllreducePrecision::bfloat16, 64 * 2);
  const std::vector<Tensor> g = gradients({40, 200});
  std::vector<std::vector<float>> before;
  for (const Tensor& t : g) before.push_back(t.to_vector());
  reduce.run(g);
  for (size_t k = 0; k < g.size(); ++k) {
    const auto after = g[k].to_vector();
    for (size_t i = 0; i < after.size(); ++i) {
      ASSERT_NEAR(after[i], 2 * before[k][i], 2 * before[k][i] * (1.0 / 256)) << k << " " << i;
      ASSERT_EQ(after[i], float(bf16(after[i])));  // it went through bfloat16
    }
  }
  for (size_t n : comm.calls) EXPECT_LE(n, 64u);  // everything packed, also the big one
  EXPECT_EQ(comm.calls.size(), 4u);              // 240 elements in buckets of 64
}

TEST(AllreducePrecision, Parses) {
  EXPECT_EQ(parse_allreduce_precision("float32"), AllreducePrecision::float32);
  EXPECT_EQ(parse_allreduce_precision("bfloat16"), AllreducePrecision::bfloat16);
  EXPECT_THROW(parse_allreduce_precision("fp8"), UsageError);
}

TEST(ParameterChecksum, SeesOneBitAndASwap) {
  Var a = Var::param(Tensor::from_vector({3}, {1.f, 2.f, 3.f}));
  Var b = Var::param(Tensor::from_vector({2}, {4.f, 5.f}));
  const uint64_t h = parameter_checksum({a, b});
  EXPECT_EQ(h, parameter_checksum({a, b}));
  Var a2 = Var::param(Tensor::from_vector({3}, {1.f, 2.f, std::nextafter(3.f, 4.f)}));
  EXPECT_NE(h, parameter_checksum({a2, b}));
  Var a3 = Var::param(Tensor::from_vector({3}, {2.f, 1.f, 3.f}));
  EXPECT_NE(h, parameter_checksum({a3, b}));
  EXPECT_NE(h, parameter_checksum({b, a}));
}

TEST(LocalCommunicator, IsOneRankAndLeavesDataAlone) {
  LocalCommunicator c;
  EXPECT_EQ(c.rank(), 0);
  EXPECT_EQ(c.size(), 1);
  EXPECT_TRUE(c.is_root());
  float x[2] = {1.f, 2.f};
  c.allreduce_sum(x, 2);
  EXPECT_EQ(x[1], 2.f);
}

constexpr int kVocab = 20;

// Pairs m..2m-1 repeat pairs 0..m-1: with batches of m sentences in corpus order, every batch
// of the single-process stream holds the same pairs, so a rank that takes every 2nd batch
// sees what one process sees.
ParallelCorpus repeated_corpus(size_t m) {
  ParallelCorpus c("toy.src", "toy.trg");
  std::vector<std::vector<int>> half;
  uint64_t x = 42;
  for (size_t i = 0; i < m; ++i) {
    std::vector<int> s;
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    const int len = 1 + static_cast<int>((x >> 33) % 6);
    for (int k = 0; k < len; ++k) {
      x = x * 6364136223846793005ull + 1442695040888963407ull;
      s.push_back(3 + static_cast<int>((x >> 33) % (kVocab - 3)));
    }
    half.push_back(s);
  }
  for (size_t line = 0; line < 2 * m; ++line) c.add(half[line % m], half[line % m], line + 1);
  return c;
}

TrainerOptions options(const std::string& dir, int64_t after, Communicator* comm) {
  TrainerOptions o;
  o.model_dir = dir;
  o.config = {{"type", "toy"}};
  o.batch.mini_batch = 8;
  o.batch.shuffle = Shuffle::none;
  o.batch.sort = LengthSort::none;
  o.lr.lr = 0.01f;
  o.after_updates = after;
  o.save_freq = 1000;
  o.disp_freq = 0;
  o.valid_freq = 0;
  o.check_freq = 2;
  o.comm = comm;
  return o;
}

class DistributedTrainer : public ::testing::Test {
 protected:
  void SetUp() override {
    set_num_threads(1);
    clear_stop_request();
  }
};

// Two ranks with the same data: gradients and tokens both double, so the update is the
// single process's, bit for bit (the 1/tokens scale halves exactly).
TEST_F(DistributedTrainer, SummedGradientsAreNormalisedLikeOneProcess) {
  const ParallelCorpus corpus = repeated_corpus(8);
  TempDir a, b;
  Progress quiet(false);
  ToyModel one(kVocab, kVocab, 8, 1, 0.f), two(kVocab, kVocab, 8, 1, 0.f);
  Trainer t1(one, corpus, options(a.path(), 6, nullptr), quiet);
  t1.train();
  MirrorCommunicator comm(2);
  Trainer t2(two, corpus, options(b.path(), 6, &comm), quiet);
  t2.train();
  const auto p1 = one.parameters(), p2 = two.parameters();
  for (size_t i = 0; i < p1.size(); ++i) {
    const auto w1 = p1[i].second.value().to_vector(), w2 = p2[i].second.value().to_vector();
    EXPECT_EQ(0, std::memcmp(w1.data(), w2.data(), w1.size() * sizeof(float))) << p1[i].first;
  }
  ToyModel init(kVocab, kVocab, 8, 1, 0.f);
  EXPECT_NE(init.parameters()[2].second.value().to_vector(), p1[2].second.value().to_vector());
  // One process consumed 6 batches; the pair of ranks 12 (6 each), 6 per epoch of 2 batches.
  EXPECT_EQ(t1.state().data.epoch, 2u);
  EXPECT_EQ(t2.state().data.epoch, 5u);
  EXPECT_EQ(t2.state().data.batch, 2u);  // positions count the batches of all ranks
}

TEST_F(DistributedTrainer, APositionSavedByTwoRanksResumesOnOne) {
  ParallelCorpus corpus = repeated_corpus(32);  // 8 batches of 8 per epoch
  TempDir a;
  Progress quiet(false);
  MirrorCommunicator comm(2);
  ToyModel m(kVocab, kVocab, 8, 1, 0.f);
  {
    Trainer t(m, corpus, options(a.path(), 3, &comm), quiet);
    t.train();
    EXPECT_EQ(t.state().data.batch, 6u);  // 3 updates x 2 ranks
  }
  const Checkpoint ck = load_checkpoint(*latest_checkpoint(a / "checkpoints"));
  EXPECT_EQ(ck.trainer_state.at("data_position").at("batch"), 6);
  Trainer one(m, corpus, options(a.path(), 4, nullptr), quiet);
  one.restore(ck.optimizer, TrainerState::from_json(ck.trainer_state, "state"));
  one.train();
  EXPECT_EQ(one.state().data.batch, 7u);  // went on with the 7th batch
  // Three ranks resume it too: 6 of the 6 batches the three use per epoch (8 / 3 x 3) are
  // done, so their next update is the first of epoch 2 (batches 0, 1, 2).
  MirrorCommunicator three(3);
  Trainer t3(m, corpus, options(a.path(), 4, &three), quiet);
  t3.restore(ck.optimizer, TrainerState::from_json(ck.trainer_state, "state"));
  t3.train();
  EXPECT_EQ(t3.state().data.epoch, 1u);
  EXPECT_EQ(t3.state().data.batch, 3u);
}

TEST_F(DistributedTrainer, DriftingParametersFailLoudly) {
  const ParallelCorpus corpus = repeated_corpus(8);
  TempDir a;
  Progress quiet(false);
  ToyModel m(kVocab, kVocab, 8, 1, 0.f);
  MirrorCommunicator comm(2);
  comm.corrupt_broadcast = true;  // rank 0's checksum arrives changed
  Trainer t(m, corpus, options(a.path(), 6, &comm), quiet);
  try {
    t.train();
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("ranks drifted apart"), std::string::npos) << e.what();
  }
}

}  // namespace
