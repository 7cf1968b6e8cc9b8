#include "models/load_models.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "io/error.h"
#include "io/model_dir.h"
#include "search/ensemble.h"
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
// member has vocabulary files of its own (a checkpoint directory has none), the same files.
void check_ensemble_member(const std::string& dir, const nlohmann::json& c, const std::string& first_dir,
                           const nlohmann::json& first) {
  const std::string config_file = dir + "/" + kConfigFileName;
  const std::string why = " differs from " + first_dir + "'s: an ensemble shares one vocabulary";
  for (const char* size : {"src-vocab-size", "tgt-vocab-size"})
    if (c.value(size, 0) != first.value(size, 0)) throw InputError(config_file, 0, std::string(size) + why);
  if (!has_vocabs(c)) return;
  for (size_t side = 0; side < 2; ++side) {
    const std::string path = vocab_path(dir, c, side);
    if (std::filesystem::exists(path) && file_bytes(path) != file_bytes(vocab_path(first_dir, first, side)))
      throw InputError(path, 0, "vocabulary" + why);
  }
}

// A vocabulary of another size than the embeddings it indexes would have the model emit ids
// the vocabulary does not have (or never use some): another model's vocabulary file.
void check_vocab_size(const Tokenizer& tokenizer, const std::string& path, const nlohmann::json& config,
                      const char* key) {
  const auto size = static_cast<int64_t>(tokenizer.vocab().size());
  if (config.contains(key) && config[key].is_number_integer() && config[key].get<int64_t>() != size)
    throw InputError(path, 0, std::to_string(size) + " pieces, but the model's " + key + " is " +
                                  std::to_string(config[key].get<int64_t>()) + ": not this model's vocabulary");
}

}  // namespace

LoadedModels load_models(const ModelLoadOptions& o) {
  if (o.dirs.empty()) throw UsageError("no model directory");
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
  check_vocab_size(*m.source, vocab_path(first_dir, first, 0), first, "src-vocab-size");
  check_vocab_size(*m.target, vocab_path(first_dir, first, 1), first, "tgt-vocab-size");
  const Vocab& tv = m.target->vocab();
  m.shape.pad = tv.pad_id();
  m.shape.bos = tv.bos_id();
  m.shape.eos = tv.eos_id();

  for (size_t i = 0; i < o.dirs.size(); ++i) {
    const std::string& dir = o.dirs[i];
    const nlohmann::json c = i == 0 ? first : read_model_config(dir + "/" + kConfigFileName);
    if (i > 0) check_ensemble_member(dir, c, first_dir, first);
    const std::string p = o.precision.empty() ? c.value("precision", "float32") : o.precision;
    m.models.push_back(load_model(dir, o.overrides));
    m.models.back()->set_training(false);
    try {  // an unknown name, or a precision this architecture has no kernels for
      m.models.back()->set_precision(nn::parse_precision(p));
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("--precision: ") + e.what());
    }
    m.loaded.push_back("loaded " + dir + " (" + c.value("type", "?") + ", " + precision_on_this_cpu(p) + ")");
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
