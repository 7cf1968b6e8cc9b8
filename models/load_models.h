#pragma once
// Loading the model(s) a decoder runs: one model directory or an ensemble of several (as
// Marian's createScorers), with the vocabularies of the first and their checks, each set
// to its inference precision. tolmach-translate and tolmach-align share it. It lives in
// models/ rather than lib/search because it builds architectures (lib never includes models/).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/batch.h"
#include "models/seq2seq.h"
#include "nn/precision.h"
#include "search/step_model_pool.h"
#include "text/tokenizer.h"

namespace tolmach {

struct ModelLoadOptions {
  std::vector<std::string> dirs;  // the first one's vocabularies serve all
  std::vector<float> weights;     // one per model, positive; empty: 1 each
  std::optional<nn::Precision> precision;  // none: each model's "precision" (config.json)
  nlohmann::json overrides = nlohmann::json::object();  // config keys replaced for this load
};

struct LoadedModels {
  std::unique_ptr<Tokenizer> source, target;
  std::vector<std::unique_ptr<Seq2SeqModel>> models;
  std::vector<float> weights;
  BatchShape shape;  // the target vocabulary's pad / bos / eos
  std::vector<std::string> loaded;  // "loaded DIR (type, precision)" for each model, to log

  // Fresh StepModels over the models: the one model's own, or an ensemble of them.
  StepModelFactory step_models() const;
};

// Throws InputError naming the file for a bad model directory or an ensemble member whose
// vocabularies differ from the first's, UsageError for bad weights or precision.
LoadedModels load_models(const ModelLoadOptions& options);

}  // namespace tolmach
