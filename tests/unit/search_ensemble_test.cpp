// An ensemble (tolmach-translate -m A B --weights) scores the next token with the weighted
// sum of its members' log-probabilities and aligns with the first member's attention; a
// model ensembled with itself at weights summing to 1 searches exactly as it does alone.
#include <gtest/gtest.h>

#include "models/transformer/transformer.h"
#include "search/beam_search.h"
#include "search/ensemble.h"
#include "tensor/threads.h"
#include "transformer_test_util.h"

using namespace tolmach;

static const bool kOneThread = (set_num_threads(1), true);

namespace {

constexpr int kVocab = 12;
const std::vector<std::vector<int>> kSources = {{3, 4, 5, 6, 7}, {8, 9}};

std::unique_ptr<Seq2SeqModel> tiny_model(uint64_t seed, int vocab = kVocab) {
  auto model = create_transformer(tolmach::testing::tiny_transformer_config(vocab), seed);
  model->set_training(false);
  return model;
}

std::unique_ptr<StepModel> ensemble_of(const std::vector<Seq2SeqModel*>& models, std::vector<float> weights) {
  std::vector<std::unique_ptr<StepModel>> members;
  for (Seq2SeqModel* m : models) members.push_back(m->step_model());
  return std::make_unique<EnsembleStepModel>(std::move(members), std::move(weights));
}

// Two steps of the same rows through `model`; the outputs of both.
std::vector<StepOutput> two_steps(StepModel& model) {
  const SourceBatch src = make_source_batch(kSources, BatchShape{});
  model.start(src);
  std::vector<StepOutput> outs(2);
  StepInput in = StepInput::first(src.size, 1);
  model.step(in, outs[0], true);
  in.step = 1;
  in.tokens = {5, 6, 7};
  in.parents = {0, 0, 1};
  in.sentences = {0, 0, 1};
  model.step(in, outs[1], true);
  return outs;
}

}  // namespace

TEST(Ensemble, ScoresAreTheWeightedSumOfTheMembers) {
  auto a = tiny_model(1), b = tiny_model(2);
  const auto out_a = two_steps(*a->step_model());
  const auto out_b = two_steps(*b->step_model());
  auto ensemble = ensemble_of({a.get(), b.get()}, {0.7f, 0.4f});
  const auto out = two_steps(*ensemble);
  for (size_t t = 0; t < out.size(); ++t) {
    ASSERT_EQ(out[t].logprobs.size(), out_a[t].logprobs.size());
    for (size_t k = 0; k < out[t].logprobs.size(); ++k)
      EXPECT_NEAR(out[t].logprobs[k], 0.7f * out_a[t].logprobs[k] + 0.4f * out_b[t].logprobs[k], 1e-5f);
    EXPECT_EQ(out[t].attention, out_a[t].attention);  // alignments: the first member's
  }
}

TEST(Ensemble, AModelWithItselfSearchesAsAlone) {
  auto a = tiny_model(3);
  SearchOptions o;
  o.beam_size = 4;
  o.n_best = 4;
  o.normalize = 0.6f;
  o.max_length = 8;
  const SourceBatch src = make_source_batch(kSources, BatchShape{});
  const auto alone = beam_search(*a->step_model(), src, o);
  const auto twice = beam_search(*ensemble_of({a.get(), a.get()}, {0.5f, 0.5f}), src, o);
  ASSERT_EQ(alone.size(), twice.size());
  for (size_t s = 0; s < alone.size(); ++s) {
    ASSERT_EQ(alone[s].size(), twice[s].size());
    for (size_t h = 0; h < alone[s].size(); ++h) {
      EXPECT_EQ(alone[s][h].tokens, twice[s][h].tokens);
      EXPECT_NEAR(alone[s][h].score, twice[s][h].score, 1e-4f);
    }
  }
}

TEST(Ensemble, RejectsMismatchedMembers) {
  auto a = tiny_model(1), b = tiny_model(2, kVocab + 1);
  EXPECT_THROW(ensemble_of({a.get(), b.get()}, {1.f, 1.f}), std::invalid_argument);  // target vocabularies
  EXPECT_THROW(ensemble_of({a.get(), a.get()}, {1.f}), std::invalid_argument);        // one weight per model
}
