// Gradient checks of the RNN-attention model against finite differences: every attention
// score function, global and local-p, with respect to the decoder query, the encoder states
// and the attention's own parameters; then the whole model's loss (encoder LSTMs, bridge,
// input feeding through several decoder steps, output layer, tied embeddings).
#include <gtest/gtest.h>

#include "models/rnn_attention/attention.h"
#include "models/rnn_attention/model.h"
#include "nn/init.h"
#include "ops/ops.h"
#include "rnn_test_util.h"

namespace tolmach {
namespace {

const testing::SingleThread kSingleThread;

using rnn::Attention;
using rnn::EncoderMemory;

const int64_t B = 3, S = 7, H = 4, K = 6;
const std::vector<int64_t> kLengths = {7, 4, 6};

EncoderMemory memory_of(const Attention& att, const Var& states) {
  EncoderMemory m;
  // Padding states are zero, as the encoder leaves them.
  Tensor keep = Tensor::empty({B, S, 1});
  for (int64_t b = 0; b < B; ++b)
    for (int64_t s = 0; s < S; ++s) keep.data<float>()[b * S + s] = s < kLengths[b] ? 1.f : 0.f;
  m.states = ops::mul(states, Var(keep));
  m.lengths = kLengths;
  m.pad_mask = ops::padding_mask(kLengths, S);
  att.prepare(m);
  return m;
}

// weights and context side by side, so one check covers both outputs.
Var attend(const Attention& att, const Var& q, const Var& states) {
  rnn::AttentionResult r = att.attend(q, memory_of(att, states));
  return ops::concat({r.weights, r.context}, 1);
}

struct Case {
  const char* score;
  int window;
};
void PrintTo(const Case& c, std::ostream* os) { *os << c.score << " window " << c.window; }

class AttentionGrad : public ::testing::TestWithParam<Case> {};

TEST_P(AttentionGrad, MatchesFiniteDifferences) {
  const Case c = GetParam();
  nn::Rng rng(11);
  Attention att(c.score, H, K, c.window, /*max_length=*/5, rng);
  Tensor q = random_uniform({B, H}, -1.f, 1.f, 1), states = random_uniform({B, S, K}, -1.f, 1.f, 2);

  auto r = gradcheck([&](const std::vector<Var>& in) { return attend(att, in[0], in[1]); }, {q, states});
  EXPECT_TRUE(r.ok) << r.report;
  auto p = testing::param_gradcheck([&] { return attend(att, Var(q), Var(states)); }, att.parameters());
  EXPECT_TRUE(p.ok) << p.report;

  // Weights: zero on padding (and, local-p, outside the window); global ones sum to 1.
  NoGradGuard ng;
  Var w = att.attend(Var(q), memory_of(att, Var(states))).weights;
  for (int64_t b = 0; b < B; ++b) {
    double sum = 0;
    for (int64_t s = 0; s < S; ++s) {
      float a = w.value().at({b, s});
      if (s >= kLengths[b]) {
        EXPECT_EQ(a, 0.f) << b << "," << s;
      }
      EXPECT_GE(a, 0.f);
      sum += a;
    }
    if (c.window == 0) {
      EXPECT_NEAR(sum, 1.0, 1e-5);
    } else {
      EXPECT_LE(sum, 1.0 + 1e-5);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Scores, AttentionGrad,
                         ::testing::Values(Case{"dot", 0}, Case{"scaled-dot", 0}, Case{"general", 0},
                                           Case{"additive", 0}, Case{"cosine", 0}, Case{"location", 0},
                                           Case{"general", 2}, Case{"additive", 1}, Case{"dot", 2}),
                         [](const auto& info) {
                           std::string n = std::string(info.param.score) + "_w" + std::to_string(info.param.window);
                           for (char& ch : n)
                             if (ch == '-') ch = '_';
                           return n;
                         });

// The location scorer addresses max_length positions: a wider source gives zero weight beyond.
TEST(Attention, LocationBeyondMaxLengthGetsNoWeight) {
  nn::Rng rng(3);
  Attention att("location", H, K, 0, /*max_length=*/4, rng);
  Tensor q = random_uniform({B, H}, -1.f, 1.f, 1), states = random_uniform({B, S, K}, -1.f, 1.f, 2);
  Var w = att.attend(Var(q), memory_of(att, Var(states))).weights;
  for (int64_t b = 0; b < B; ++b) {
    double sum = 0;
    for (int64_t s = 0; s < S; ++s) {
      if (s >= 4) {
        EXPECT_EQ(w.value().at({b, s}), 0.f);
      }
      sum += w.value().at({b, s});
    }
    EXPECT_NEAR(sum, 1.0, 1e-5);
  }
}

// Local-p: the window is centred on p_t, so weights vanish more than D positions away from
// the position with the largest Gaussian factor.
TEST(Attention, LocalWindowIsNarrow) {
  nn::Rng rng(5);
  const int D = 1;
  Attention att("dot", H, K, D, 16, rng);
  Tensor q = random_uniform({B, H}, -1.f, 1.f, 4), states = random_uniform({B, S, K}, -1.f, 1.f, 6);
  Var w = att.attend(Var(q), memory_of(att, Var(states))).weights;
  for (int64_t b = 0; b < B; ++b) {
    int nonzero = 0;
    for (int64_t s = 0; s < S; ++s) nonzero += w.value().at({b, s}) > 0.f;
    EXPECT_GE(nonzero, 1);
    EXPECT_LE(nonzero, 2 * D + 1);
  }
}

Batch tiny_batch() {
  ParallelCorpus c("s", "t");
  c.add({3, 4, 5, 6}, {7, 8, 9}, 1);
  c.add({5, 3}, {4, 4, 10, 11, 3}, 2);
  return make_batch(c, {0, 1}, BatchShape{});
}

void check_model(nlohmann::json cfg) {
  auto model = create_model(cfg, 21);
  Batch batch = tiny_batch();
  GradCheckOptions o;
  o.max_checks = 8;
  auto r = testing::param_gradcheck(
      [&] {
        LossResult l = model->loss(batch, {0.1f}, 0);
        return ops::scale(l.sum, 1.f / l.tokens);
      },
      model->parameters(), o);
  EXPECT_TRUE(r.ok) << r.report;
}

TEST(RnnModelGrad, DeepStacksWithInputFeeding) {
  nlohmann::json cfg = testing::tiny_rnn_config("additive");
  cfg["enc-depth"] = 2;
  cfg["dec-depth"] = 2;
  check_model(cfg);
}

TEST(RnnModelGrad, TiedEmbeddingsLocalP) {
  nlohmann::json cfg = testing::tiny_rnn_config("general", 2);
  cfg["dim-emb"] = 5;
  cfg["tied-embeddings"] = true;
  check_model(cfg);
}

}  // namespace
}  // namespace tolmach
