#include "models/convert.h"

#include <filesystem>

#include "base/error.h"
#include "io/model_dir.h"
#include "models/seq2seq.h"
#include "nn/init.h"
#include "text/tokenizer.h"

namespace fs = std::filesystem;

namespace tolmach {
namespace {

// What must agree between averaged models: the architecture, not its provenance.
nlohmann::json architecture(nlohmann::json config) {
  config.erase("tolmach_version");
  config.erase("precision");
  return config;
}

// The directory holding a model's vocabularies: the model itself, or for a checkpoint
// (DIR/checkpoints/step-N) the model directory it belongs to.
fs::path vocab_dir(const fs::path& input, const std::string& vocab) {
  if (fs::exists(input / vocab)) return input;
  const fs::path run = input.parent_path().parent_path();
  if (fs::exists(run / vocab)) return run;
  throw InputError((input / vocab).string(), 0, "vocabulary not found here or in " + run.string());
}

void copy_vocabs(const nlohmann::json& config, const fs::path& input, const fs::path& output) {
  if (!config.contains("vocabs")) return;
  fs::create_directories(output);
  for (const auto& v : config["vocabs"]) {
    const std::string name = v.get<std::string>();
    copy_vocabulary((vocab_dir(input, name) / name).string(), (output / name).string());
  }
}

}  // namespace

DType stored_dtype(nn::Precision p) {
  switch (p) {
    case nn::Precision::bfloat16: return DType::bf16;
    case nn::Precision::int8: return DType::i8;
    default: return DType::f32;
  }
}

void convert_model(const ConvertOptions& o) {
  if (o.inputs.empty()) throw std::invalid_argument("convert_model: no input model");
  nlohmann::json config = read_model_config((fs::path(o.inputs[0]) / kConfigFileName).string());
  config["precision"] = nn::precision_name(o.precision);
  std::unique_ptr<Seq2SeqModel> out;
  try {
    nn::SkipInitGuard zeroed_below;
    out = create_model(config, 0);
  } catch (const std::invalid_argument& e) {
    throw InputError((fs::path(o.inputs[0]) / kConfigFileName).string(), 0, e.what());
  }
  nn::NamedParams sum = out->parameters();
  for (auto& [name, v] : sum) v.mutable_value().fill(0.f);
  for (const std::string& dir : o.inputs) {
    std::unique_ptr<Seq2SeqModel> m = load_model(dir);
    if (architecture(m->config()) != architecture(config))
      throw InputError((fs::path(dir) / kConfigFileName).string(), 0,
                       "a different model from " + o.inputs[0] + ": only checkpoints of one model can be averaged");
    const nn::NamedParams p = m->parameters();
    for (size_t i = 0; i < p.size(); ++i) {
      float* acc = sum[i].second.mutable_value().data<float>();
      const float* w = p[i].second.value().data<float>();
      for (int64_t j = 0, n = p[i].second.value().numel(); j < n; ++j) acc[j] += w[j];
    }
  }
  const float inv = 1.f / static_cast<float>(o.inputs.size());
  for (auto& [name, v] : sum) {
    float* p = v.mutable_value().data<float>();
    for (int64_t j = 0, n = v.value().numel(); j < n; ++j) p[j] *= inv;
  }
  copy_vocabs(config, o.inputs[0], o.output);
  save_model(o.output, *out, stored_dtype(o.precision));
}

}  // namespace tolmach
