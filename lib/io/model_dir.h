#pragma once
// A model on disk is a directory: config.json (architecture, dimensions, vocab paths,
// "tolmach_version") and model.safetensors (the weights), plus files other parts of tolmach
// put there (SentencePiece models), which these functions leave alone.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "io/safetensors.h"

namespace tolmach {

inline constexpr const char* kConfigFileName = "config.json";
inline constexpr const char* kWeightsFileName = "model.safetensors";
// The layout of a model directory, written into config.json; a reader refuses a newer one
// (a directory without it is format 1). Raise it when old readers would misread new files.
inline constexpr const char* kModelFormatKey = "model-format";
inline constexpr int kModelFormat = 1;

struct ModelDir {
  std::string dir;
  nlohmann::json config;    // always an object
  SafetensorsFile weights;  // tensor views stay valid while this (or a copy) lives
};

// Create `dir` if missing and write model.safetensors and config.json (a copy of `config`,
// an object, with "tolmach_version" set). Both are written in full to temporaries before
// either is renamed into place (weights first, config last), so a save that fails leaves
// the previous model as it was.
void save_model_dir(const std::string& dir, const nlohmann::json& config,
                    const std::vector<TensorRecord>& tensors,
                    const SafetensorsMetadata& metadata = {});

// InputError naming the directory or file for a missing directory, a missing file, a
// config.json that is not a JSON object (with the line of a syntax error), or bad weights.
ModelDir load_model_dir(const std::string& dir);

// The config as written: `config` plus "tolmach_version". Throws std::invalid_argument
// unless `config` is an object.
nlohmann::json versioned_config(const nlohmann::json& config);

// Read and check config.json on its own (e.g. to build the model before loading weights):
// InputError for a model-format newer than kModelFormat; the key is not in the result.
nlohmann::json read_model_config(const std::string& path);

}  // namespace tolmach
