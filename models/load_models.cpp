#include "models/load_models.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "base/error.h"
#include "io/model_dir.h"
#include "search/ensemble.h"
#include "tensor/allocator.h"
#include "tensor/cpu_support.h"

namespace tolmach {
namespace {

std::string file_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

std::string vocab_path(const std::string& dir, const nlohmann::json& config, size_t side) {
  return dir + "/" + config["vocabs"][side].get<std::string>();
}

bool has_vocabs(const nlohmann::json& c) { return c.contains("vocabs") && c["vocabs"].is_array() && c["vocabs"].size() == 2; }

// An ensemble member must share the first model's vocabularies: the same sizes and, where the
// member has vocabulary files of its own (a checkpoint directory has none), the same files,
// piece maps included (a missing one reads as empty, so it differs from one that is there).
void check_ensemble_member(const std::string& dir, const nlohmann::json& c, const std::string& first_dir,
                           const nlohmann::json& first) {
  const std::string config_file = dir + "/" + kConfigFileName;
  const std::string why = " differs from " + first_dir + "'s: an ensemble shares one vocabulary";
  for (const char* size : {"src-vocab-size", "tgt-vocab-size"})
    if (c.value(size, 0) != first.value(size, 0)) throw InputError(config_file, 0, std::string(size) + why);
  if (!has_vocabs(c)) return;
  for (size_t side = 0; side < 2; ++side) {
    const std::string path = vocab_path(dir, c, side), first_path = vocab_path(first_dir, first, side);
    if (!std::filesystem::exists(path)) continue;
    if (file_bytes(path) != file_bytes(first_path)) throw InputError(path, 0, "vocabulary" + why);
    if (file_bytes(piece_map_path(path)) != file_bytes(piece_map_path(first_path)))
      throw InputError(piece_map_path(path), 0, "piece map" + why);
  }
}

// The special ids of the vocabularies, which must be the model's: its table sizes and ids.
BatchShape checked_batch_shape(const std::string& dir, const nlohmann::json& c, const Tokenizer& source,
                               const Tokenizer& target) {
  // Named by the file that gives the ids: a piece map where the vocabulary has one.
  const std::string src_path = ids_file(source, vocab_path(dir, c, 0));
  const std::string trg_path = ids_file(target, vocab_path(dir, c, 1));
  const ModelIds src = model_ids(source, src_path), trg = model_ids(target, trg_path);
  BatchShape shape;
  try {
    shape = batch_shape(src, trg);
  } catch (const std::invalid_argument& e) {
    throw InputError(trg_path, 0, e.what());
  }
  auto expect = [&](const std::string& path, const char* key, int vocab_value, int fallback) {
    const int model_value = c.value(key, fallback);
    if (model_value != vocab_value)
      throw InputError(path, 0, "does not match the model: it gives " + std::string(key) + " " +
                                    std::to_string(vocab_value) + ", " + kConfigFileName + " has " +
                                    std::to_string(model_value));
  };
  expect(src_path, "src-vocab-size", src.model_size, -1);
  expect(trg_path, "tgt-vocab-size", trg.model_size, -1);
  expect(trg_path, "pad-id", shape.pad, -1);
  expect(trg_path, "bos-id", shape.bos, -1);
  expect(trg_path, "eos-id", shape.eos, -1);
  expect(src_path, "src-pad-id", shape.source_padding(), c.value("pad-id", -1));
  return shape;
}

// config.json's "precision" (tolmach-convert's choice), float32 when absent.
nn::Precision model_precision(const std::string& dir, const nlohmann::json& c) {
  const std::string name = c.value("precision", "float32");
  if (const auto p = nn::precision_from_name(name)) return *p;
  throw InputError(dir + "/" + kConfigFileName, 0, "unknown \"precision\" '" + name + "' (float32, bfloat16 or int8)");
}

}  // namespace

LoadedModels load_models(const ModelLoadOptions& o) {
  if (o.dirs.empty()) throw UsageError("no model directory");
  // A translating process reuses each step's blocks; a cache of big blocks released by
  // earlier batches (other lengths, other row counts) would only hold memory: it was a
  // third of a 1,000-sentence translation's peak RSS (bench/README.md).
  limit_cached_storage(16 << 20);
  LoadedModels m;
  m.weights = o.weights.empty() ? std::vector<float>(o.dirs.size(), 1.f) : o.weights;
  if (m.weights.size() != o.dirs.size()) throw UsageError("--weights needs one weight per model");
  for (float w : m.weights)
    if (!(w > 0.f)) throw UsageError("--weights must be positive");

  const std::string& first_dir = o.dirs.front();
  const nlohmann::json first = read_model_config(first_dir + "/" + kConfigFileName);
  if (!has_vocabs(first)) throw InputError(first_dir + "/" + kConfigFileName, 0, "no \"vocabs\": [source, target]");
  m.source = std::make_unique<Tokenizer>(Tokenizer::load(vocab_path(first_dir, first, 0)));
  m.target = std::make_unique<Tokenizer>(Tokenizer::load(vocab_path(first_dir, first, 1)));
  m.shape = checked_batch_shape(first_dir, first, *m.source, *m.target);

  for (size_t i = 0; i < o.dirs.size(); ++i) {
    const std::string& dir = o.dirs[i];
    const nlohmann::json c = i == 0 ? first : read_model_config(dir + "/" + kConfigFileName);
    if (i > 0) check_ensemble_member(dir, c, first_dir, first);
    const nn::Precision p = o.precision ? *o.precision : model_precision(dir, c);
    m.models.push_back(load_model(dir, o.overrides));
    m.models.back()->set_training(false);
    m.models.back()->set_precision(p);  // UsageError where the architecture has no such kernels
    m.models.back()->release_float_weights();
    m.loaded.push_back("loaded " + dir + " (" + c.value("type", "?") + ", " + precision_on_this_cpu(nn::precision_name(p)) +
                       ")");
  }
  return m;
}

StepModelFactory LoadedModels::step_models() const {
  return [this]() -> std::unique_ptr<StepModel> {
    if (models.size() == 1 && weights.front() == 1.f) return models.front()->step_model();
    std::vector<std::unique_ptr<StepModel>> members;
    for (const auto& m : models) members.push_back(m->step_model());
    return std::make_unique<EnsembleStepModel>(std::move(members), weights);
  };
}

}  // namespace tolmach
