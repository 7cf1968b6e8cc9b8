#pragma once
// A training checkpoint is a model directory (config.json + model.safetensors, so it can be
// translated with directly) plus optimizer.safetensors, trainer_state.json (step, epoch,
// data position, RNG, best validation score: the trainer's business) and a marker file
// written last. Save order:
//   1. write every file in full to a temporary (a failure here changes nothing),
//   2. remove the marker (the directory now reads as incomplete),
//   3. fsync and rename each temporary into place,
//   4. write the marker atomically.
// A crash at any point leaves either a complete checkpoint or one without the marker,
// which loaders refuse and latest_checkpoint() skips. Never a mixed one passes as complete.
// Because step 2 invalidates the old contents, save each checkpoint to a new directory
// (checkpoint_dir(parent, step)) and let latest_checkpoint() pick the newest complete one.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "io/safetensors.h"

namespace tolmach {

inline constexpr const char* kOptimizerFileName = "optimizer.safetensors";
inline constexpr const char* kTrainerStateFileName = "trainer_state.json";
inline constexpr const char* kCheckpointMarkerName = "checkpoint.complete";

struct Checkpoint {
  std::string dir;
  nlohmann::json config;
  SafetensorsFile model;
  SafetensorsFile optimizer;
  nlohmann::json trainer_state;
};

void save_checkpoint(const std::string& dir, const nlohmann::json& config,
                     const std::vector<TensorRecord>& model,
                     const std::vector<TensorRecord>& optimizer,
                     const nlohmann::json& trainer_state);

// True when `dir` holds the marker of a finished save.
bool is_complete_checkpoint(const std::string& dir);

// InputError when `dir` is missing, incomplete (interrupted save) or has a bad file.
Checkpoint load_checkpoint(const std::string& dir);

// "<parent>/step-<step>".
std::string checkpoint_dir(const std::string& parent, int64_t step);

// The complete "step-N" subdirectory of `parent` with the largest N; nullopt when there is
// none (or `parent` does not exist). Incomplete ones are ignored.
std::optional<std::string> latest_checkpoint(const std::string& parent);

}  // namespace tolmach
