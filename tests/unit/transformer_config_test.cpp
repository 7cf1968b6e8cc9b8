// Config parsing (Marian-like keys, presets, errors naming the key), parameter lists under
// the tying options (each shared table listed once, gradients from every use), and the
// loss as the sum of label-smoothed token cross-entropies.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "base/error.h"
#include "models/transformer/model.h"
#include "models/transformer/transformer.h"
#include "ops/cross_entropy.h"
#include "ops/softmax.h"
#include "tensor/threads.h"
#include "transformer_test_util.h"

using namespace tolmach;
using namespace tolmach::transformer;

static const bool kOneThread = (set_num_threads(1), true);

namespace {

std::string error_of(const nlohmann::json& j) {
  try {
    TransformerConfig::from_json(j);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(TransformerConfig, ParsesKeysAndRoundTrips) {
  nlohmann::json j = tolmach::testing::tiny_transformer_config();
  j["transformer-preprocess"] = "n";
  j["transformer-ffn-activation"] = "gelu";
  j["alignment-heads"] = {0};
  j["vocabs"] = {"a.spm", "b.spm"};  // not ours: kept
  TransformerConfig c = TransformerConfig::from_json(j);
  EXPECT_TRUE(c.prenorm);
  EXPECT_EQ(c.ffn_activation, "gelu");
  EXPECT_EQ(c.dim_emb, 16);
  EXPECT_EQ(c.alignment_layer_index(), 1);  // default: last of 2
  nlohmann::json back = c.to_json();
  EXPECT_EQ(back["vocabs"], j["vocabs"]);
  EXPECT_EQ(back["transformer-prenorm"], true);
  TransformerConfig again = TransformerConfig::from_json(back);
  EXPECT_EQ(again.to_json(), back);
}

TEST(TransformerConfig, PresetsAreThePaperSizes) {
  nlohmann::json small = transformer_preset("transformer-small");
  EXPECT_EQ(small["dim-emb"], 256);
  EXPECT_EQ(small["transformer-heads"], 4);
  EXPECT_EQ(small["transformer-dim-ffn"], 1024);
  EXPECT_EQ(small["enc-depth"], 3);
  nlohmann::json base = transformer_preset("transformer-base");
  EXPECT_EQ(base["dim-emb"], 512);
  EXPECT_EQ(base["transformer-heads"], 8);
  EXPECT_EQ(base["transformer-dim-ffn"], 2048);
  EXPECT_EQ(base["dec-depth"], 6);
  nlohmann::json tiny = transformer_preset("transformer-tiny");  // Wu et al. (2021)
  EXPECT_EQ(tiny["dim-emb"], 128);
  EXPECT_EQ(tiny["transformer-heads"], 4);
  EXPECT_EQ(tiny["transformer-dim-ffn"], 256);
  EXPECT_EQ(tiny["enc-depth"], 4);
  EXPECT_EQ(tiny["dec-depth"], 4);
  EXPECT_THROW(transformer_preset("transformer-huge"), UsageError);
}

TEST(TransformerConfig, BadValuesNameTheKey) {
  auto with = [](const char* key, nlohmann::json v) {
    nlohmann::json j = tolmach::testing::tiny_transformer_config();
    j[key] = v;
    return error_of(j);
  };
  EXPECT_NE(with("transformer-heads", 3).find("divisible"), std::string::npos);
  EXPECT_NE(with("transformer-ffn-activation", "tanh").find("transformer-ffn-activation"), std::string::npos);
  EXPECT_NE(with("transformer-positions", "rotary").find("transformer-positions"), std::string::npos);
  EXPECT_NE(with("dim-emb", "big").find("dim-emb"), std::string::npos);
  EXPECT_NE(with("alignment-layer", 3).find("alignment-layer"), std::string::npos);
  EXPECT_NE(with("alignment-heads", std::vector<int>{2}).find("alignment-heads"), std::string::npos);
  EXPECT_NE(with("transformer-postprocess", "d").find("transformer-postprocess"), std::string::npos);
  nlohmann::json j = tolmach::testing::tiny_transformer_config();
  j["transformer-preprocess"] = "n";
  j["transformer-postprocess"] = "dan";  // would normalise twice
  EXPECT_NE(error_of(j).find("not supported"), std::string::npos);
  j["transformer-prenorm"] = true;  // decides alone
  EXPECT_TRUE(TransformerConfig::from_json(j).prenorm);
  j = tolmach::testing::tiny_transformer_config();
  j["tied-embeddings-all"] = true;
  j["tgt-vocab-size"] = 13;
  EXPECT_NE(error_of(j).find("tied-embeddings-all"), std::string::npos);
  j = tolmach::testing::tiny_transformer_config();
  j["type"] = "rnn";
  EXPECT_NE(error_of(j).find("type"), std::string::npos);
}

size_t count_named(const nn::NamedParams& p, const std::string& part) {
  size_t n = 0;
  for (const auto& [name, v] : p) n += name.find(part) != std::string::npos;
  return n;
}

TEST(TransformerModel, TyingListsSharedTablesOnce) {
  nlohmann::json j = tolmach::testing::tiny_transformer_config();
  auto untied = create_transformer(j, 1)->parameters();
  j["tied-embeddings"] = true;
  auto tied = create_transformer(j, 1)->parameters();
  j["tied-embeddings-all"] = true;
  auto all = create_transformer(j, 1)->parameters();
  EXPECT_EQ(count_named(untied, "embed.weight"), 2u);
  EXPECT_EQ(count_named(untied, "output.weight"), 1u);
  EXPECT_EQ(tied.size(), untied.size() - 1);
  EXPECT_EQ(count_named(tied, "output.weight"), 0u);
  EXPECT_EQ(all.size(), untied.size() - 2);
  for (const auto* p : {&untied, &tied, &all}) {  // names unique, no Var listed twice
    std::set<std::string> names;
    std::set<Node*> nodes;
    for (const auto& [name, v] : *p) {
      names.insert(name);
      nodes.insert(v.node());
    }
    EXPECT_EQ(names.size(), p->size());
    EXPECT_EQ(nodes.size(), p->size());
  }
  // 2 + 2 layers of D = 16, F = 24: attention 4 (encoder) / 8 (decoder) linears, ffn 2, norms.
  const int64_t D = 16, F = 24, V = 12;
  int64_t enc = (3 * D * D + 3 * D) + (D * D + D) + (D * F + F) + (F * D + D) + 4 * D;
  int64_t dec = enc + (D * D + D) + (2 * D * D + 2 * D) + (D * D + D) + 2 * D;
  int64_t total = 0;
  for (const auto& [name, v] : untied) total += v.value().numel();
  EXPECT_EQ(total, 2 * enc + 2 * dec + 3 * V * D + V);
}

TEST(TransformerModel, TiedTableGetsGradientFromEveryUse) {
  nlohmann::json j = tolmach::testing::tiny_transformer_config();
  j["tied-embeddings-all"] = true;
  auto model = create_transformer(j, 3);
  Batch b = tolmach::testing::pairs_batch({{3, 4, 5}}, {{6, 7}});
  model->loss(b, {}, 0).sum.backward();
  Var table = model->parameters().front().second;
  Tensor g = table.grad();
  auto row_norm = [&](int id) {
    double s = 0;
    for (int64_t d = 0; d < g.dim(1); ++d) s += std::abs(g.at({id, d}));
    return s;
  };
  EXPECT_GT(row_norm(3), 0);   // source only
  EXPECT_GT(row_norm(6), 0);   // target input and output
  EXPECT_GT(row_norm(11), 0);  // output projection only (every logit)
}

TEST(TransformerModel, LossIsSummedSmoothedCrossEntropyOverTargetTokens) {
  auto owned = create_transformer(tolmach::testing::tiny_transformer_config(), 5);
  auto& model = dynamic_cast<TransformerModel&>(*owned);
  Batch b = tolmach::testing::pairs_batch({{3, 4, 5}, {6}}, {{7, 8, 9, 10}, {11}});
  LossResult r = model.loss(b, {0.1f}, 0);
  EXPECT_EQ(r.tokens, 7u);
  Tensor logits = model.forward(b).value();  // [2, 5, 12]
  double expected = 0;
  for (int i = 0; i < 2; ++i)
    for (int t = 0; t < b.target_width; ++t) {
      int y = b.target_output[i * b.target_width + t];
      if (y == 0) continue;
      Tensor lp = ops::log_softmax(logits.select(0, i).select(0, t).contiguous());
      double mean_lp = 0;
      for (int v = 0; v < 12; ++v) mean_lp += lp.at({v}) / 12;
      expected += -(0.9 * lp.at({y}) + 0.1 * mean_lp);
    }
  EXPECT_NEAR(r.sum.value().item(), expected, 1e-4 * expected);
}

TEST(TransformerModel, LearnedPositionsRefuseLongerSentences) {
  nlohmann::json j = tolmach::testing::tiny_transformer_config();
  j["transformer-positions"] = "learned";
  j["max-length"] = 4;
  auto model = create_transformer(j, 1);
  EXPECT_NO_THROW(model->loss(tolmach::testing::pairs_batch({{3, 4, 5}}, {{6, 7, 8}}), {}, 0));
  EXPECT_THROW(model->loss(tolmach::testing::pairs_batch({{3, 4, 5, 6}}, {{6}}), {}, 0), std::length_error);
}

}  // namespace

namespace {

TEST(TransformerModel, DropoutOnlyWhileTrainingAndReproducibleFromTheSeed) {
  nlohmann::json j = tolmach::testing::tiny_transformer_config();
  j["transformer-dropout"] = 0.2;
  j["transformer-dropout-attention"] = 0.1;
  j["transformer-dropout-ffn"] = 0.1;
  auto model = create_transformer(j, 4);
  Batch b = tolmach::testing::pairs_batch({{3, 4, 5}, {6, 7}}, {{8, 9}, {10, 11, 3}});
  NoGradGuard no_grad;
  float eval1 = model->loss(b, {}, 1).sum.value().item(), eval2 = model->loss(b, {}, 2).sum.value().item();
  EXPECT_EQ(eval1, eval2);
  model->set_training(true);
  float t1 = model->loss(b, {}, 1).sum.value().item(), t1again = model->loss(b, {}, 1).sum.value().item();
  float t2 = model->loss(b, {}, 2).sum.value().item();
  EXPECT_EQ(t1, t1again);
  EXPECT_NE(t1, t2);
  EXPECT_NE(t1, eval1);
  for (const char* key : {"transformer-dropout-attention", "transformer-dropout-ffn"}) {
    nlohmann::json only = tolmach::testing::tiny_transformer_config();
    only[key] = 0.3;
    auto m = create_transformer(only, 4);
    float off = m->loss(b, {}, 1).sum.value().item();
    m->set_training(true);
    EXPECT_NE(m->loss(b, {}, 1).sum.value().item(), off) << key;
    only[key] = 1.0;
    EXPECT_NE(error_of(only).find(key), std::string::npos);
  }
}

}  // namespace
