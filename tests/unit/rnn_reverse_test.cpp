// End to end through the library: a tiny RNN-attention model learns to reverse sequences
// (vocabulary 20, lengths 3..8) with Adam (450 updates of 50 pairs), then beam search decodes
// 200 held-out sources and corpus BLEU (lib/metrics, sacreBLEU's) must reach 95. Once per
// score function family; local-p with D = 3 (with D = 2 the position predictor, trained only
// through the Gaussian, did not get there within this budget).
#include <gtest/gtest.h>

#include <numeric>
#include <random>

#include "metrics/bleu.h"
#include "models/seq2seq.h"
#include "rnn_test_util.h"
#include "search/beam_search.h"
#include "train/optimizer.h"

namespace tolmach {
namespace {

const testing::SingleThread kSingleThread;

std::string words(const std::vector<int>& ids) {
  std::string s;
  for (int id : ids) s += (s.empty() ? "w" : " w") + std::to_string(id);
  return s;
}

void learn_reverse(const std::string& attention, int window, bool reverse = true) {
  const int vocab = 20;
  ParallelCorpus train = testing::reverse_corpus(4000, vocab, 3, 8, 1, reverse);
  ParallelCorpus test = testing::reverse_corpus(200, vocab, 3, 8, 2, reverse);
  nlohmann::json cfg = testing::tiny_rnn_config(attention, window, vocab);
  cfg["dim-emb"] = 32;
  cfg["dim-rnn"] = 64;
  auto model = create_model(cfg, 7);
  std::vector<Var> params;
  for (const auto& [name, v] : model->parameters()) params.push_back(v);
  Adam adam(params);
  model->set_training(true);
  std::mt19937 gen(3);
  const size_t B = 50;
  std::vector<size_t> order(train.size());
  std::iota(order.begin(), order.end(), 0);
  for (int update = 0; update < 450; ++update) {
    if (update % (train.size() / B) == 0) std::shuffle(order.begin(), order.end(), gen);
    size_t at = (update % (train.size() / B)) * B;
    Batch batch = make_batch(train, std::vector<size_t>(order.begin() + at, order.begin() + at + B), BatchShape{});
    LossResult loss = model->loss(batch, {}, update);
    ops::scale(loss.sum, 1.f / loss.tokens).backward();
    clip_grad_norm(params, 5.f);
    adam.step(update < 350 ? 1e-2f : 3e-3f);
  }
  model->set_training(false);

  std::vector<std::vector<int>> sources;
  std::vector<std::string> refs, hyps;
  for (size_t i = 0; i < test.size(); ++i) {
    sources.push_back(test.source(i).to_vector());
    refs.push_back(words(test.target(i).to_vector()));
  }
  auto step = model->step_model();
  SearchOptions opts;
  opts.beam_size = 4;
  auto nbest = beam_search(*step, make_source_batch(sources, BatchShape{}), opts);
  size_t exact = 0;
  for (size_t i = 0; i < nbest.size(); ++i) {
    hyps.push_back(words(nbest[i][0].tokens));
    exact += hyps.back() == refs[i];
  }
  metrics::Bleu bleu;
  bleu.cache_references({refs}, 1);
  double score = metrics::corpus_score(bleu, hyps, 1).score;
  std::cout << attention << " window " << window << (reverse ? " reverse" : " copy") << ": BLEU " << score << ", exact " << exact << "/" << hyps.size()
            << "\n";
  EXPECT_GE(score, 95.0) << "first hypothesis: " << hyps[0] << " | reference: " << refs[0];
}

TEST(RnnReverse, AdditiveGlobalLearnsToReverse) { learn_reverse("additive", 0); }
TEST(RnnReverse, GeneralLocalPLearnsToReverse) { learn_reverse("general", 3); }
TEST(RnnReverse, DotGlobalLearnsToReverse) { learn_reverse("dot", 0); }
TEST(RnnReverse, CosineGlobalLearnsToReverse) { learn_reverse("cosine", 0); }
TEST(RnnReverse, LocationLearnsToReverse) { learn_reverse("location", 0); }

}  // namespace
}  // namespace tolmach
