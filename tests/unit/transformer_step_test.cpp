// Incremental decoding (StepModel with per-layer key/value caches whose rows follow
// `parents`) must give the log-probs and attention of a full teacher-forced forward pass of
// the same prefix, for hypotheses copied, dropped and shuffled across steps and sources of
// different lengths (padding in the step model's batch, none in the reference).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "models/transformer/model.h"
#include "models/transformer/transformer.h"
#include "ops/softmax.h"
#include "tensor/threads.h"
#include "transformer_test_util.h"

using namespace tolmach;
using namespace tolmach::transformer;

static const bool kOneThread = (set_num_threads(1), true);

namespace {

struct Variant {
  std::string name;
  nlohmann::json overrides;
};

class TransformerStep : public ::testing::TestWithParam<Variant> {};

TEST_P(TransformerStep, MatchesTeacherForcedForward) {
  nlohmann::json cfg = tolmach::testing::tiny_transformer_config(12);
  cfg.update(GetParam().overrides);
  auto owned = create_transformer(cfg, 42);
  auto& model = dynamic_cast<TransformerModel&>(*owned);
  const int V = 12;

  const std::vector<std::vector<int>> sources = {{3, 4, 5, 6, 7}, {8, 9}, {10, 11, 3, 4}};
  SourceBatch src = make_source_batch(sources, BatchShape{});
  auto step_model = model.step_model();
  step_model->start(src);

  std::mt19937 gen(7);
  std::vector<std::vector<int>> prefix;  // of each current row
  std::vector<int> sentence;
  StepOutput out;
  for (int t = 0; t < 6; ++t) {
    StepInput in;
    in.step = t;
    std::vector<std::vector<int>> next_prefix;
    if (t == 0) {
      for (int s = 0; s < 3; ++s) {
        in.tokens.push_back(1);
        in.parents.push_back(s);
        in.sentences.push_back(s);
        next_prefix.push_back({});
      }
    } else {
      // Each row gets 0..2 children (sentence 1 dies out after step 3), then shuffle.
      struct Row { int parent, token; };
      std::vector<Row> rows;
      for (int r = 0; r < static_cast<int>(prefix.size()); ++r) {
        int children = (sentence[r] == 1 && t > 3) ? 0 : static_cast<int>(gen() % 3);
        if (r == 0) children = std::max(children, 1);
        for (int c = 0; c < children; ++c) rows.push_back({r, 3 + static_cast<int>(gen() % 9)});
      }
      if (rows.size() > 8) rows.resize(8);
      std::shuffle(rows.begin(), rows.end(), gen);
      for (const Row& row : rows) {
        in.tokens.push_back(row.token);
        in.parents.push_back(row.parent);
        in.sentences.push_back(sentence[row.parent]);
        auto p = prefix[row.parent];
        p.push_back(row.token);
        next_prefix.push_back(p);
      }
    }
    prefix = next_prefix;
    sentence = in.sentences;
    step_model->step(in, out, true);
    ASSERT_EQ(out.logprobs.size(), prefix.size() * V);
    ASSERT_EQ(out.attention.size(), prefix.size() * src.width);

    NoGradGuard no_grad;
    for (size_t r = 0; r < prefix.size(); ++r) {
      const auto& source = sources[sentence[r]];
      Batch b = tolmach::testing::pairs_batch({source}, {prefix[r]});
      Var align;
      Tensor logits = model.forward(b, {}, &align).value();  // [1, t + 1, V]
      Tensor logp = ops::log_softmax(logits.select(0, 0).select(0, t).contiguous());
      for (int v = 0; v < V; ++v)
        ASSERT_NEAR(out.logprobs[r * V + v], logp.at({v}), 1e-4) << "step " << t << " row " << r << " token " << v;
      const int S = static_cast<int>(source.size()) + 1;
      for (int j = 0; j < src.width; ++j) {
        float expected = j < S ? align.value().at({0, t, j}) : 0.f;
        ASSERT_NEAR(out.attention[r * src.width + j], expected, 1e-5) << "step " << t << " row " << r << " pos " << j;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Configs, TransformerStep,
    ::testing::Values(Variant{"PostNormSinusoidalRelu", nlohmann::json::object()},
                      Variant{"PreNormLearnedGeluTiedAll",
                              {{"transformer-prenorm", true},
                               {"transformer-positions", "learned"},
                               {"max-length", 16},
                               {"transformer-ffn-activation", "gelu"},
                               {"tied-embeddings-all", true}}},
                      Variant{"TiedOutputFirstLayerOneHead",
                              {{"tied-embeddings", true}, {"alignment-layer", 1}, {"alignment-heads", {1}}}}),
    [](const auto& info) { return info.param.name; });

}  // namespace
