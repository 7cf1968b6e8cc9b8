// Model directories and checkpoints: round trips, refusal of missing / broken parts with
// errors that name the file (and line), and no half-written state after a failed save.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

#include "io/checkpoint.h"
#include "base/error.h"
#include "io/json_file.h"
#include "io/model_dir.h"
#include "test_util.h"

namespace tolmach {
namespace {

using test::TempDir;
namespace fs = std::filesystem;

std::vector<float> read_f32(const TensorRecord& t) {
  std::vector<float> v(t.nbytes / 4);
  std::memcpy(v.data(), t.data, t.nbytes);
  return v;
}

// Expect `f` to throw InputError whose message starts with "<file>" and contains `what`.
template <typename F>
void expect_input_error(F f, const std::string& file, const std::string& what, size_t line = 0) {
  try {
    f();
    ADD_FAILURE() << "no error; expected " << what;
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), file) << e.what();
    EXPECT_EQ(e.line(), line) << e.what();
    EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
  }
}

struct Weights {
  std::vector<float> emb = {1, 2, 3, 4, 5, 6};
  std::vector<float> bias = {0.5f, -0.5f};
  std::vector<TensorRecord> records() const {
    return {{"emb", SafetensorsDType::F32, {3, 2}, emb.data(), 24},
            {"bias", SafetensorsDType::F32, {2}, bias.data(), 8}};
  }
};

const nlohmann::json kConfig = {{"arch", "transformer"}, {"d_model", 2}, {"vocab", "spm.model"}};

TEST(ModelDir, SaveCreatesDirectoryAndLoadsBack) {
  TempDir tmp;
  const std::string dir = tmp / "runs/en-de/model";  // nested, missing
  Weights w;
  save_model_dir(dir, kConfig, w.records());
  EXPECT_EQ(test::list_dir(dir), (std::vector<std::string>{"config.json", "model.safetensors"}));

  const ModelDir m = load_model_dir(dir);
  EXPECT_EQ(m.config["arch"], "transformer");
  EXPECT_EQ(m.config["d_model"], 2);
  EXPECT_EQ(m.config["tolmach_version"], TOLMACH_VERSION);
  EXPECT_EQ(m.weights.at("emb").shape, (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(read_f32(m.weights.at("emb")), w.emb);
  EXPECT_EQ(read_f32(m.weights.at("bias")), w.bias);
  // config.json is human-readable JSON, one key per line.
  EXPECT_NE(test::read_bytes(dir + "/config.json").find("\n  \"arch\": \"transformer\""),
            std::string::npos);
}

TEST(ModelDir, OverwriteKeepsOtherFiles) {
  TempDir tmp;
  Weights w;
  save_model_dir(tmp.path(), kConfig, w.records());
  test::write_bytes(tmp / "spm.model", "sentencepiece");
  w.bias = {9, 8};
  nlohmann::json config = kConfig;
  config["d_model"] = 4;
  save_model_dir(tmp.path(), config, w.records());
  const ModelDir m = load_model_dir(tmp.path());
  EXPECT_EQ(m.config["d_model"], 4);
  EXPECT_EQ(read_f32(m.weights.at("bias")), (std::vector<float>{9, 8}));
  EXPECT_EQ(test::read_bytes(tmp / "spm.model"), "sentencepiece");
}

TEST(ModelDir, FailedSaveLeavesPreviousModelIntact) {
  TempDir tmp;
  Weights w;
  save_model_dir(tmp.path(), kConfig, w.records());
  const std::string config_before = test::read_bytes(tmp / "config.json");
  const std::string weights_before = test::read_bytes(tmp / "model.safetensors");

  // The second tensor is inconsistent: the writer fails part-way through the weights.
  const std::vector<float> v(2);
  nlohmann::json config = kConfig;
  config["d_model"] = 99;
  EXPECT_THROW(save_model_dir(tmp.path(), config,
                              {{"a", SafetensorsDType::F32, {2}, v.data(), 8},
                               {"b", SafetensorsDType::F32, {3}, v.data(), 8}}),
               std::invalid_argument);
  EXPECT_THROW(save_model_dir(tmp.path(), nlohmann::json::array(), w.records()),
               std::invalid_argument);
  EXPECT_EQ(test::read_bytes(tmp / "config.json"), config_before);
  EXPECT_EQ(test::read_bytes(tmp / "model.safetensors"), weights_before);
  EXPECT_EQ(test::list_dir(tmp.path()),
            (std::vector<std::string>{"config.json", "model.safetensors"}))
      << "temporary files left behind";
}

TEST(ModelDir, MissingPartsAreNamed) {
  TempDir tmp;
  expect_input_error([&] { load_model_dir(tmp / "nope"); }, tmp / "nope", "does not exist");
  test::write_bytes(tmp / "file", "x");
  expect_input_error([&] { load_model_dir(tmp / "file"); }, tmp / "file", "not a directory");
  expect_input_error([&] { load_model_dir(tmp.path()); }, tmp / "config.json", "missing");
  test::write_bytes(tmp / "config.json", "{}");
  expect_input_error([&] { load_model_dir(tmp.path()); }, tmp / "model.safetensors", "missing");
}

TEST(ModelDir, BadConfigJsonNamesLine) {
  TempDir tmp;
  Weights w;
  save_model_dir(tmp.path(), kConfig, w.records());
  test::write_bytes(tmp / "config.json",
                    "{\n  \"arch\": \"rnn\",\n  \"d_model\": ,\n  \"x\": 1\n}\n");
  expect_input_error([&] { load_model_dir(tmp.path()); }, tmp / "config.json",
                     "invalid JSON: syntax error", 3);
  try {
    load_model_dir(tmp.path());
  } catch (const InputError& e) {
    // One clean line: "<file>:3: invalid JSON: ...", without nlohmann's exception id.
    EXPECT_EQ(std::string(e.what()).rfind(tmp / "config.json:3: invalid JSON: ", 0), 0u)
        << e.what();
    EXPECT_EQ(std::string(e.what()).find("json.exception"), std::string::npos) << e.what();
  }
  test::write_bytes(tmp / "config.json", "");
  expect_input_error([&] { load_model_dir(tmp.path()); }, tmp / "config.json", "invalid JSON", 1);
  test::write_bytes(tmp / "config.json", "[1, 2]\n");
  expect_input_error([&] { load_model_dir(tmp.path()); }, tmp / "config.json",
                     "must be a JSON object", 1);
}

TEST(ModelDir, CorruptWeightsNameTheFile) {
  TempDir tmp;
  Weights w;
  save_model_dir(tmp.path(), kConfig, w.records());
  std::string bytes = test::read_bytes(tmp / "model.safetensors");
  test::write_bytes(tmp / "model.safetensors", bytes.substr(0, bytes.size() - 3));
  expect_input_error([&] { load_model_dir(tmp.path()); }, tmp / "model.safetensors",
                     "outside the data section of 29 bytes (truncated?)");
}

// --- checkpoints ------------------------------------------------------------------------

struct CheckpointFixture {
  Weights w;
  std::vector<float> m = {0.1f, 0.2f};
  std::vector<int64_t> step = {1234};
  std::vector<TensorRecord> optimizer() const {
    return {{"bias.adam_m", SafetensorsDType::F32, {2}, m.data(), 8},
            {"step", SafetensorsDType::I64, {}, step.data(), 8}};
  }
  nlohmann::json state = {
      {"step", 1234}, {"epoch", 3}, {"best_bleu", 27.5}, {"rng", "mt19937 state"}};

  void save(const std::string& dir) const {
    save_checkpoint(dir, kConfig, w.records(), optimizer(), state);
  }
};

TEST(Checkpoint, RoundTripAndIsAModelDir) {
  TempDir tmp;
  CheckpointFixture f;
  const std::string dir = checkpoint_dir(tmp / "ckpt", 1234);
  EXPECT_EQ(dir, tmp / "ckpt/step-1234");
  f.save(dir);
  EXPECT_TRUE(is_complete_checkpoint(dir));
  EXPECT_EQ(test::list_dir(dir),
            (std::vector<std::string>{"checkpoint.complete", "config.json", "model.safetensors",
                                      "optimizer.safetensors", "trainer_state.json"}));
  const Checkpoint c = load_checkpoint(dir);
  EXPECT_EQ(c.config["arch"], "transformer");
  EXPECT_EQ(c.trainer_state, f.state);
  EXPECT_EQ(read_f32(c.model.at("emb")), f.w.emb);
  EXPECT_EQ(read_f32(c.optimizer.at("bias.adam_m")), f.m);
  int64_t step;
  std::memcpy(&step, c.optimizer.at("step").data, 8);
  EXPECT_EQ(step, 1234);
  // A checkpoint can be translated with directly.
  EXPECT_EQ(read_f32(load_model_dir(dir).weights.at("bias")), f.w.bias);
}

TEST(Checkpoint, IncompleteIsRefusedAndSkipped) {
  TempDir tmp;
  CheckpointFixture f;
  EXPECT_EQ(latest_checkpoint(tmp / "none"), std::nullopt);
  EXPECT_EQ(latest_checkpoint(tmp.path()), std::nullopt);
  f.save(checkpoint_dir(tmp.path(), 200));
  f.save(checkpoint_dir(tmp.path(), 1000));  // numeric, not lexicographic, order
  f.save(checkpoint_dir(tmp.path(), 20));
  EXPECT_EQ(latest_checkpoint(tmp.path()), tmp / "step-1000");

  // A save interrupted before its marker: all files there, no marker.
  f.save(checkpoint_dir(tmp.path(), 3000));
  fs::remove(tmp / "step-3000/checkpoint.complete");
  // One interrupted earlier: only a temporary file.
  fs::create_directories(tmp / "step-4000");
  test::write_bytes(tmp / "step-4000/model.safetensors.tmp.1.0", "partial");
  fs::create_directories(tmp / "step-x9999");  // not a checkpoint name
  EXPECT_EQ(latest_checkpoint(tmp.path()), tmp / "step-1000");
  EXPECT_FALSE(is_complete_checkpoint(tmp / "step-3000"));
  expect_input_error([&] { load_checkpoint(tmp / "step-3000"); }, tmp / "step-3000",
                     "incomplete checkpoint");
  expect_input_error([&] { load_checkpoint(tmp / "step-4000"); }, tmp / "step-4000",
                     "incomplete checkpoint");
  expect_input_error([&] { load_checkpoint(tmp / "step-5"); }, tmp / "step-5", "does not exist");
}

TEST(Checkpoint, FailedResaveKeepsOldCheckpoint) {
  TempDir tmp;
  CheckpointFixture f;
  const std::string dir = tmp / "step-1";
  f.save(dir);
  const std::vector<float> v(1);
  EXPECT_THROW(save_checkpoint(dir, kConfig, f.w.records(),
                               {{"bad", SafetensorsDType::F32, {2}, v.data(), 4}}, f.state),
               std::invalid_argument);
  EXPECT_TRUE(is_complete_checkpoint(dir));
  EXPECT_EQ(load_checkpoint(dir).trainer_state, f.state);
  EXPECT_EQ(test::list_dir(dir).size(), 5u) << "temporary files left behind";
}

TEST(Checkpoint, CorruptFileInCompleteCheckpointIsNamed) {
  TempDir tmp;
  CheckpointFixture f;
  f.save(tmp.path());
  test::write_bytes(tmp / "trainer_state.json", "{\"step\": 12,\n\"epoch\" 3}\n");
  expect_input_error([&] { load_checkpoint(tmp.path()); }, tmp / "trainer_state.json",
                     "invalid JSON", 2);
  test::write_bytes(tmp / "optimizer.safetensors", "garbage");
  expect_input_error([&] { load_checkpoint(tmp.path()); }, tmp / "optimizer.safetensors",
                     "too short");
}

// config.json records the directory's format; a newer one is refused naming the file, and the
// key does not reach the model's config.
TEST(ModelDir, FormatVersion) {
  TempDir tmp;
  const std::string dir = tmp / "m";
  Weights w;
  save_model_dir(dir, kConfig, w.records());
  EXPECT_NE(test::read_bytes(dir + "/config.json").find("\"model-format\": 1"), std::string::npos);
  EXPECT_FALSE(load_model_dir(dir).config.contains("model-format"));
  test::write_bytes(dir + "/config.json", "{\"model-format\": 2, \"tolmach_version\": \"9.0\"}");
  try {
    load_model_dir(dir);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), dir + "/config.json");
    EXPECT_NE(std::string(e.what()).find("model-format 2 is newer"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("tolmach 9.0"), std::string::npos) << e.what();
  }
  test::write_bytes(dir + "/config.json", "{\"model-format\": \"x\"}");
  EXPECT_THROW(load_model_dir(dir), InputError);
}

// A save cleans up the temporaries a killed save of the same checkpoint left behind.
TEST(Checkpoint, ResaveRemovesStaleTemporaries) {
  TempDir tmp;
  const std::string dir = tmp / "step-4";
  Weights w;
  fs::create_directories(dir);
  test::write_bytes(dir + "/model.safetensors.tmp.999.0", "half");
  test::write_bytes(dir + "/optimizer.safetensors.tmp.999.1", "half");
  test::write_bytes(dir + "/notes.txt", "mine");
  save_checkpoint(dir, kConfig, w.records(), w.records(), {{"update", 4}});
  EXPECT_EQ(test::list_dir(dir), (std::vector<std::string>{"checkpoint.complete", "config.json", "model.safetensors",
                                                           "notes.txt", "optimizer.safetensors",
                                                           "trainer_state.json"}));
}

}  // namespace
}  // namespace tolmach
