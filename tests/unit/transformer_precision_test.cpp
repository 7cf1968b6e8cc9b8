// Inference precision (tolmach-translate --precision, tolmach-convert): bfloat16 and int8
// runs of one Transformer give the float32 log-probs within stated tolerances, training
// (gradient recording) is never affected, and a model stored as int8 or bf16 loads back to
// what it was quantised from, and checkpoints average.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "autograd/var.h"
#include "base/error.h"
#include "models/convert.h"
#include "models/transformer/transformer.h"
#include "nn/linear.h"
#include "tensor/random.h"
#include "tensor/cpu_support.h"
#include "tensor/threads.h"
#include "test_util.h"
#include "transformer_test_util.h"

using namespace tolmach;
namespace fs = std::filesystem;

static const bool kOneThread = (set_num_threads(1), true);

namespace {

// Greedy-free scoring: the log-probs of 3 steps along a fixed prefix, every row.
std::vector<float> step_logprobs(const Seq2SeqModel& model) {
  auto step = model.step_model();
  step->start(make_source_batch({{3, 4, 5, 6, 7, 8}, {9, 10, 11}}, BatchShape{}));
  std::vector<float> all;
  StepOutput out;
  const std::vector<std::vector<int>> tokens = {{1, 1}, {5, 9}, {6, 4}};
  for (int t = 0; t < 3; ++t) {
    StepInput in;
    in.step = t;
    in.tokens = tokens[t];
    in.parents = {0, 1};
    in.sentences = {0, 1};
    step->step(in, out, false);
    all.insert(all.end(), out.logprobs.begin(), out.logprobs.end());
  }
  return all;
}

double max_abs_diff(const std::vector<float>& a, const std::vector<float>& b) {
  double m = 0;
  for (size_t i = 0; i < a.size(); ++i) m = std::max(m, double(std::fabs(a[i] - b[i])));
  return m;
}

nlohmann::json config() {
  nlohmann::json cfg = tolmach::testing::tiny_transformer_config(40);
  cfg["dim-emb"] = 64;
  cfg["transformer-dim-ffn"] = 128;
  cfg["transformer-heads"] = 4;
  return cfg;
}

TEST(Precision, ParsesNames) {
  EXPECT_EQ(nn::parse_precision_flag("bfloat16"), nn::Precision::bfloat16);
  EXPECT_EQ(nn::parse_precision_flag("bf16"), nn::Precision::bfloat16);
  EXPECT_EQ(nn::parse_precision_flag("int8"), nn::Precision::int8);
  EXPECT_EQ(nn::parse_precision_flag("float32"), nn::Precision::float32);
  EXPECT_EQ(nn::parse_precision_flag("f32"), nn::Precision::float32);
  EXPECT_EQ(nn::precision_from_name("fp4"), std::nullopt);
  try {
    nn::parse_precision_flag("fp4");
    ADD_FAILURE() << "accepted fp4";
  } catch (const UsageError& e) {  // bad usage (exit 2), naming the flag and the choices
    EXPECT_STREQ(e.what(), "--precision must be float32, bfloat16 or int8, not 'fp4'");
  }
  for (nn::Precision p : {nn::Precision::float32, nn::Precision::bfloat16, nn::Precision::int8})
    EXPECT_EQ(nn::parse_precision_flag(nn::precision_name(p)), p);
}

// Tolerances on log-probs of a 40-word vocabulary (values around -3.7): bf16 keeps 8 bits
// of mantissa (relative error ~4e-3 per product), int8 7 bits per factor (weights 6 where the
// CPU's int8 GEMM saturates: twice the step, twice the tolerance).
TEST(Precision, Bf16AndInt8LogprobsAgreeWithF32) {
  auto model = create_transformer(config(), 5);
  const std::vector<float> f32 = step_logprobs(*model);
  model->set_precision(nn::Precision::bfloat16);
  const double bf16 = max_abs_diff(step_logprobs(*model), f32);
  model->set_precision(nn::Precision::int8);
  const double int8 = max_abs_diff(step_logprobs(*model), f32);
  model->set_precision(nn::Precision::float32);
  const double back = max_abs_diff(step_logprobs(*model), f32);
  std::printf("max |log p - log p_f32|: bf16 %.2e, int8 %.2e\n", bf16, int8);
  EXPECT_LT(bf16, 0.03);
  EXPECT_LT(int8, cpu_int8_gemm_saturates() ? 0.05 * 127 / 63 : 0.05);
  if (cpu_has_bf16_gemm())
    EXPECT_GT(bf16, 0.0);  // really another arithmetic
  else
    EXPECT_LT(bf16, 1e-5);  // float32 on this CPU
  EXPECT_GT(int8, 0.0);
  EXPECT_LT(back, 1e-5);  // float32: a packed f32 copy, the same products
}

TEST(Precision, TrainingIgnoresInferencePrecision) {
  nn::Rng rng(3);
  nn::Linear l(8, 4, rng);
  Var x(random_uniform({2, 8}, -1, 1, 4));
  const std::vector<float> f32 = l.forward(x).value().to_vector();
  l.set_precision(nn::Precision::int8);
  Var y = l.forward(x);  // gradients are recorded: the f32 path
  EXPECT_EQ(y.value().to_vector(), f32);
  {
    NoGradGuard no_grad;
    EXPECT_NE(l.forward(x).value().to_vector(), f32);
  }
}

TEST(Precision, Int8ModelFileLoadsBackToItsQuantisedWeights) {
  const test::TempDir tmp;  // removed with its files however the test ends
  const fs::path dir = tmp.path();
  auto model = create_transformer(config(), 6);
  save_model((dir / "f32").string(), *model);
  for (const char* p : {"int8", "bfloat16"}) {
    ConvertOptions o;
    o.inputs = {(dir / "f32").string()};
    o.output = (dir / p).string();
    o.precision = nn::parse_precision_flag(p);
    convert_model(o);
  }
  EXPECT_LT(fs::file_size(dir / "int8" / "model.safetensors"), fs::file_size(dir / "f32" / "model.safetensors") / 3);
  auto int8 = load_model((dir / "int8").string());
  EXPECT_EQ(int8->config().value("precision", ""), "int8");
  // Every matrix comes back within half a quantisation step of its row (max |row| / 127).
  const auto orig = model->parameters(), loaded = int8->parameters();
  for (size_t i = 0; i < orig.size(); ++i) {
    const Tensor& w = orig[i].second.value();
    const auto a = w.to_vector(), b = loaded[i].second.value().to_vector();
    const int64_t cols = w.ndim() == 2 ? w.dim(1) : 1;
    for (int64_t r = 0; r * cols < static_cast<int64_t>(a.size()); ++r) {
      float mx = 0;
      for (int64_t c = 0; c < cols; ++c) mx = std::max(mx, std::fabs(a[r * cols + c]));
      const float tol = w.ndim() == 2 ? 0.5f * mx / 127.f * 1.001f : 0.f;  // vectors stay f32
      for (int64_t c = 0; c < cols; ++c) ASSERT_LE(std::fabs(a[r * cols + c] - b[r * cols + c]), tol) << orig[i].first;
    }
  }
  // Its int8 arithmetic stays within the int8 tolerance of the f32 original.
  int8->set_precision(nn::Precision::int8);
  EXPECT_LT(max_abs_diff(step_logprobs(*int8), step_logprobs(*model)), 0.08);
  // bf16 storage: f32 arithmetic on weights rounded to bf16 stays near the original.
  model->set_precision(nn::Precision::float32);
  auto bf16 = load_model((dir / "bfloat16").string());
  EXPECT_LT(max_abs_diff(step_logprobs(*bf16), step_logprobs(*model)), 0.03);
}

TEST(Precision, AveragingCheckpointsAveragesWeights) {
  const test::TempDir tmp;  // removed with its files however the test ends
  const fs::path dir = tmp.path();
  auto a = create_transformer(config(), 7), b = create_transformer(config(), 8);
  save_model((dir / "a").string(), *a);
  save_model((dir / "b").string(), *b);
  ConvertOptions o;
  o.inputs = {(dir / "a").string(), (dir / "b").string()};
  o.output = (dir / "avg").string();
  convert_model(o);
  auto avg = load_model((dir / "avg").string());
  const auto pa = a->parameters(), pb = b->parameters(), pm = avg->parameters();
  for (size_t i = 0; i < pm.size(); ++i) {
    const auto va = pa[i].second.value().to_vector(), vb = pb[i].second.value().to_vector(),
               vm = pm[i].second.value().to_vector();
    for (size_t j = 0; j < vm.size(); j += 17) ASSERT_NEAR(vm[j], 0.5f * (va[j] + vb[j]), 1e-6f) << pm[i].first;
  }
  // Models of another shape cannot be averaged: one error naming the odd one's config.
  nlohmann::json other = config();
  other["dim-emb"] = 32;
  save_model((dir / "c").string(), *create_transformer(other, 9));
  o.inputs = {(dir / "a").string(), (dir / "c").string()};
  try {
    convert_model(o);
    FAIL() << "averaging different models must fail";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("c/config.json"), std::string::npos) << e.what();
  }
}

}  // namespace
