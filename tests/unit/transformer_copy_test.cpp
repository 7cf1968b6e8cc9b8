// End to end through the library: a tiny Transformer trained with Seq2SeqModel::loss, Adam
// and the warm-up + inverse-sqrt schedule learns to reverse random sequences (vocabulary
// 20, lengths 3..8), and lib/search beam search (and greedy) then reproduce held-out
// reversals almost exactly, with the captured attention (last decoder layer, heads
// averaged) pointing at the source word each output token copies.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <random>

#include "models/transformer/transformer.h"
#include "ops/binary.h"
#include "search/beam_search.h"
#include "tensor/threads.h"
#include "train/lr_schedule.h"
#include "train/optimizer.h"
#include "transformer_test_util.h"

using namespace tolmach;

namespace {

std::vector<std::vector<int>> random_sentences(std::mt19937& gen, int n) {
  std::vector<std::vector<int>> out(n);
  for (auto& s : out) {
    s.resize(3 + gen() % 6);
    for (int& w : s) w = 3 + static_cast<int>(gen() % 17);
  }
  return out;
}

std::vector<int> reversed(std::vector<int> s) {
  std::reverse(s.begin(), s.end());
  return s;
}

double exact_match(StepModel& model, const std::vector<std::vector<int>>& sources, int beam) {
  SearchOptions opts;
  opts.beam_size = beam;
  opts.banned = {0, 1};
  auto results = search(model, make_source_batch(sources, BatchShape{}), opts);
  int ok = 0;
  for (size_t i = 0; i < sources.size(); ++i) ok += results[i].front().tokens == reversed(sources[i]);
  return static_cast<double>(ok) / sources.size();
}

TEST(TransformerCopyTask, LearnsToReverseSequences) {
  set_num_threads(1);
  nlohmann::json cfg = {{"type", "transformer"},     {"dim-emb", 32},           {"transformer-heads", 2},
                        {"transformer-dim-ffn", 64}, {"enc-depth", 2},          {"dec-depth", 2},
                        {"transformer-dropout", 0.0}, {"src-vocab-size", 20},   {"tgt-vocab-size", 20},
                        {"tied-embeddings-all", true}};
  auto model = create_transformer(cfg, 1);
  model->set_training(true);
  std::vector<Var> params;
  for (const auto& [name, v] : model->parameters()) params.push_back(v);
  Adam adam(params, {0.9f, 0.98f, 1e-9f});
  const LrSchedule schedule{3e-3f, 200, 200};

  std::mt19937 gen(123);
  float first = 0, last = 0;
  const int updates = 1200;
  for (int u = 0; u < updates; ++u) {
    auto src = random_sentences(gen, 32);
    std::vector<std::vector<int>> tgt;
    for (const auto& s : src) tgt.push_back(reversed(s));
    Batch batch = tolmach::testing::pairs_batch(src, tgt);
    LossResult r = model->loss(batch, {0.1f}, u);
    Var mean = ops::scale(r.sum, 1.f / r.tokens);
    mean.backward();
    clip_grad_norm(params, 1.f);
    adam.step(schedule.at(adam.steps() + 1));
    (u == 0 ? first : last) = mean.value().item();
  }
  EXPECT_LT(last, 0.5f * first);

  model->set_training(false);
  std::mt19937 held_out(999);
  auto test = random_sentences(held_out, 100);
  auto decoder = model->step_model();
  double beam = exact_match(*decoder, test, 4);
  double greedy = exact_match(*decoder, test, 1);
  // Attention capture through search: the chosen layer's heads should point each output
  // token at the source word it copies.
  SearchOptions opts;
  opts.beam_size = 4;
  opts.banned = {0, 1};
  opts.attention = true;
  auto results = search(*decoder, make_source_batch(test, BatchShape{}), opts);
  int pointed = 0, words = 0;
  for (size_t i = 0; i < test.size(); ++i) {
    const Hypothesis& h = results[i].front();
    const int n = static_cast<int>(test[i].size());
    for (int t = 0; t < n && t < static_cast<int>(h.attention.size()); ++t, ++words) {
      const auto& a = h.attention[t];
      pointed += std::max_element(a.begin(), a.end()) - a.begin() == n - 1 - t;
    }
  }
  double alignment = static_cast<double>(pointed) / words;
  std::printf("alignment argmax on the copied word: %.3f\n", alignment);
  std::printf("loss %.3f -> %.3f, exact match: beam %.2f, greedy %.2f\n", first, last, beam, greedy);
  EXPECT_GE(beam, 0.95) << "first loss " << first << ", last " << last;
  EXPECT_GE(greedy, 0.9);
  EXPECT_GE(alignment, 0.9);

  // The trained model in bf16 and int8 arithmetic: within 2 points of f32's exact matches.
  for (nn::Precision p : {nn::Precision::bfloat16, nn::Precision::int8}) {
    model->set_precision(p);
    auto low = model->step_model();
    const double m = exact_match(*low, test, 4);
    std::printf("%s exact match: beam %.2f\n", nn::precision_name(p), m);
    EXPECT_GE(m, beam - 0.02) << nn::precision_name(p);
  }
}

}  // namespace
