// create_model / save_model / load_model for the RNN-attention model: a saved and reloaded
// model has the same config, the same weights and gives the same outputs (f32 exactly, bf16
// to bf16 precision); bad configs and weights are InputErrors naming the file.
#include <gtest/gtest.h>

#include <fstream>

#include "base/error.h"
#include "io/json_file.h"
#include "io/model_dir.h"
#include "test_util.h"
#include "models/seq2seq.h"
#include "ops/ops.h"
#include "rnn_test_util.h"
#include "search/beam_search.h"

namespace tolmach {
namespace {

const testing::SingleThread kSingleThread;

nlohmann::json config() {
  nlohmann::json c = testing::tiny_rnn_config("additive", 0, 15);
  c["enc-depth"] = 2;
  c["src-vocab"] = "vocab.spm";  // a key the model does not know is kept
  return c;
}

float loss_of(Seq2SeqModel& m) {
  ParallelCorpus c("s", "t");
  c.add({3, 4, 5}, {6, 7}, 1);
  c.add({8, 9, 10, 11}, {12, 13, 14, 3}, 2);
  NoGradGuard ng;
  return m.loss(make_batch(c, {0, 1}, BatchShape{}), {0.1f}, 0).sum.value().item();
}

std::vector<NBestList> decode(const Seq2SeqModel& m) {
  auto step = m.step_model();
  SearchOptions o;
  o.beam_size = 3;
  o.max_length = 8;
  return beam_search(*step, make_source_batch({{3, 4, 5, 6}, {7}}, BatchShape{}), o);
}

TEST(RnnModelIo, RoundTripGivesIdenticalOutputs) {
  test::TempDir dir;
  auto a = create_model(config(), 17);
  save_model(dir.path(), *a);
  auto b = load_model(dir.path());
  nlohmann::json ca = a->config(), cb = b->config();
  cb.erase("tolmach_version");
  EXPECT_EQ(ca, cb);
  EXPECT_EQ(cb["src-vocab"], "vocab.spm");
  auto pa = a->parameters(), pb = b->parameters();
  ASSERT_EQ(pa.size(), pb.size());
  for (size_t i = 0; i < pa.size(); ++i) {
    EXPECT_EQ(pa[i].first, pb[i].first);
    EXPECT_EQ(pa[i].second.value().to_vector(), pb[i].second.value().to_vector()) << pa[i].first;
  }
  EXPECT_EQ(loss_of(*a), loss_of(*b));
  auto da = decode(*a), db = decode(*b);
  for (size_t s = 0; s < da.size(); ++s) {
    EXPECT_EQ(da[s][0].tokens, db[s][0].tokens);
    EXPECT_EQ(da[s][0].token_scores, db[s][0].token_scores);
  }
  // A different seed is a different model (the comparison above can fail).
  EXPECT_NE(loss_of(*create_model(config(), 18)), loss_of(*a));
}

TEST(RnnModelIo, Bf16WeightsLoadAsRoundedF32) {
  test::TempDir dir;
  auto a = create_model(config(), 17);
  save_model(dir.path(), *a, DType::bf16);
  auto weights = read_safetensors(dir / kWeightsFileName);
  EXPECT_EQ(weights.tensors()[0].dtype, SafetensorsDType::BF16);
  auto b = load_model(dir.path());
  auto pa = a->parameters(), pb = b->parameters();
  for (size_t i = 0; i < pa.size(); ++i)
    EXPECT_EQ(pa[i].second.value().to(DType::bf16).to_vector(), pb[i].second.value().to_vector());
  EXPECT_NEAR(loss_of(*a), loss_of(*b), 0.05f * std::fabs(loss_of(*a)));
}

TEST(RnnModelIo, TiedEmbeddingsAreStoredOnce) {
  nlohmann::json c = config();
  c["tied-embeddings"] = true;
  c["dim-emb"] = 5;
  auto m = create_model(c, 1);
  for (const auto& [name, v] : m->parameters()) EXPECT_NE(name, "decoder.output.weight");
  test::TempDir dir;
  save_model(dir.path(), *m);
  EXPECT_EQ(loss_of(*m), loss_of(*load_model(dir.path())));
}

void expect_input_error(const std::string& dir, const std::string& file, const std::string& what) {
  try {
    load_model(dir);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), file) << e.what();
    EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
  }
}

TEST(RnnModelIo, BadConfigOrWeightsAreInputErrors) {
  test::TempDir dir;
  auto a = create_model(config(), 17);
  save_model(dir.path(), *a);
  const std::string cfg_path = dir / kConfigFileName;
  nlohmann::json c = read_model_config(cfg_path);

  nlohmann::json bad = c;
  bad["dim-rnn"] = 6;  // weights no longer fit
  test::write_bytes(cfg_path, bad.dump());
  expect_input_error(dir.path(), dir / kWeightsFileName, "has shape");

  bad = c;
  bad["attention"] = "telepathy";
  test::write_bytes(cfg_path, bad.dump());
  expect_input_error(dir.path(), cfg_path, "telepathy");

  bad = c;
  bad["type"] = "lstm-lm";
  test::write_bytes(cfg_path, bad.dump());
  expect_input_error(dir.path(), cfg_path, "unknown model type");

  bad = c;
  bad["dim-emb"] = "big";
  test::write_bytes(cfg_path, bad.dump());
  expect_input_error(dir.path(), cfg_path, "dim-emb");

  bad = c;
  bad["enc-depth"] = 1;  // fewer encoder layers: the file has tensors the model does not
  test::write_bytes(cfg_path, bad.dump());
  expect_input_error(dir.path(), dir / kWeightsFileName, "unexpected tensor \"encoder.l1.");

  bad = c;
  bad["enc-depth"] = 3;
  test::write_bytes(cfg_path, bad.dump());
  expect_input_error(dir.path(), dir / kWeightsFileName, "missing tensor \"encoder.l2.");

  bad = c;
  bad["attention"] = "general";  // same dimensions, other attention parameters
  test::write_bytes(cfg_path, bad.dump());
  expect_input_error(dir.path(), dir / kWeightsFileName, "unexpected tensor \"decoder.attention.");

  // Weights of another dtype.
  test::write_bytes(cfg_path, c.dump());
  std::vector<TensorRecord> records;
  std::vector<std::vector<int32_t>> keep;
  for (const auto& [name, v] : a->parameters()) {
    keep.emplace_back(v.value().numel(), 1);
    records.push_back({name, SafetensorsDType::I32, v.shape(), keep.back().data(), keep.back().size() * 4});
  }
  write_safetensors(dir / kWeightsFileName, records);
  expect_input_error(dir.path(), dir / kWeightsFileName, "is I32");
}

TEST(RnnModelIo, CreateRejectsBadConfigs) {
  nlohmann::json c = config();
  c["tied-embeddings"] = true;  // dim-emb 6 != dim-rnn 5
  EXPECT_THROW(create_model(c, 1), std::invalid_argument);
  c = config();
  c.erase("tgt-vocab-size");
  EXPECT_THROW(create_model(c, 1), std::invalid_argument);
  c = config();
  c["dropout"] = 1.5;
  EXPECT_THROW(create_model(c, 1), std::invalid_argument);
}

}  // namespace
}  // namespace tolmach
