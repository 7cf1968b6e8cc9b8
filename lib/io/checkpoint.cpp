#include "io/checkpoint.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <system_error>
#include <thread>

#include "io/atomic_file.h"
#include "base/error.h"
#include "io/json_file.h"
#include "io/model_dir.h"

namespace fs = std::filesystem;

namespace tolmach {
namespace {

std::string in_dir(const std::string& dir, const char* name) {
  return (fs::path(dir) / name).string();
}

// Parses "step-<digits>"; nullopt for anything else.
std::optional<int64_t> step_of(const std::string& name) {
  const std::string prefix = "step-";
  if (name.compare(0, prefix.size(), prefix) != 0 || name.size() == prefix.size() ||
      name.size() > prefix.size() + 18)
    return std::nullopt;
  int64_t step = 0;
  for (size_t i = prefix.size(); i < name.size(); ++i) {
    if (name[i] < '0' || name[i] > '9') return std::nullopt;
    step = step * 10 + (name[i] - '0');
  }
  return step;
}

// Test hook (tests/cli/train_kill.sh): TOLMACH_TEST_CHECKPOINT_PAUSE_MS=N sleeps N ms between
// the steps of a save, so that a SIGKILL sent during the run lands inside one.
void pause_for_tests() {
  static const long ms = [] {
    const char* v = std::getenv("TOLMACH_TEST_CHECKPOINT_PAUSE_MS");
    return v ? std::atol(v) : 0L;
  }();
  if (ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

}  // namespace

void save_checkpoint(const std::string& dir, const nlohmann::json& config,
                     const std::vector<TensorRecord>& model,
                     const std::vector<TensorRecord>& optimizer,
                     const nlohmann::json& trainer_state) {
  const std::string config_text = versioned_config(config).dump(2) + "\n";
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw std::runtime_error(dir + ": cannot create directory: " + ec.message());

  // A save killed in this directory before (a rerun saves the same step again) left its
  // temporaries: they would sit beside the complete checkpoint for ever.
  for (const char* name : {kWeightsFileName, kOptimizerFileName, kConfigFileName, kTrainerStateFileName,
                           kCheckpointMarkerName})
    remove_stale_temporaries(in_dir(dir, name));
  AtomicFile model_file(in_dir(dir, kWeightsFileName));
  write_safetensors(model_file.stream(), model);
  AtomicFile optimizer_file(in_dir(dir, kOptimizerFileName));
  write_safetensors(optimizer_file.stream(), optimizer);
  AtomicFile config_file(in_dir(dir, kConfigFileName));
  config_file.stream() << config_text;
  AtomicFile state_file(in_dir(dir, kTrainerStateFileName));
  state_file.stream() << trainer_state.dump(2) << "\n";
  pause_for_tests();

  // Everything is staged; from here on the directory reads as incomplete until the end.
  const std::string marker = in_dir(dir, kCheckpointMarkerName);
  if (fs::exists(marker, ec)) {
    if (std::remove(marker.c_str()) != 0)
      throw std::runtime_error(marker + ": cannot remove old checkpoint marker");
    sync_directory(dir);  // the removal must be durable before any file is replaced
  }
  for (AtomicFile* f : {&model_file, &optimizer_file, &config_file, &state_file}) {
    pause_for_tests();
    f->commit();
  }
  pause_for_tests();

  // Last: each commit above fsynced its file and the directory, so the marker cannot
  // become durable before the files it vouches for.
  write_json_file(
      marker,
      {{"tolmach_version", TOLMACH_VERSION},
       {"files", {kConfigFileName, kWeightsFileName, kOptimizerFileName, kTrainerStateFileName}}});
}

bool is_complete_checkpoint(const std::string& dir) {
  std::error_code ec;
  return fs::is_regular_file(in_dir(dir, kCheckpointMarkerName), ec);
}

Checkpoint load_checkpoint(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw InputError(dir, 0, "checkpoint directory does not exist");
  if (!is_complete_checkpoint(dir))
    throw InputError(dir, 0,
                     std::string("incomplete checkpoint (no ") + kCheckpointMarkerName +
                         "; the save was interrupted)");
  ModelDir model = load_model_dir(dir);
  SafetensorsFile optimizer = SafetensorsFile::open(in_dir(dir, kOptimizerFileName));
  nlohmann::json state = read_json_file(in_dir(dir, kTrainerStateFileName));
  return Checkpoint{dir, std::move(model.config), std::move(model.weights), std::move(optimizer),
                    std::move(state)};
}

std::string checkpoint_dir(const std::string& parent, int64_t step) {
  return (fs::path(parent) / ("step-" + std::to_string(step))).string();
}

std::optional<std::string> latest_checkpoint(const std::string& parent) {
  std::error_code ec;
  std::optional<std::string> best;
  int64_t best_step = -1;
  for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
    const auto step = step_of(it->path().filename().string());
    if (step && *step > best_step && is_complete_checkpoint(it->path().string())) {
      best_step = *step;
      best = it->path().string();
    }
  }
  return best;
}

}  // namespace tolmach
