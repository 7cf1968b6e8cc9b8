#include "io/model_dir.h"

#include <filesystem>
#include <stdexcept>
#include <system_error>

#include "io/atomic_file.h"
#include "base/error.h"
#include "io/json_file.h"

namespace fs = std::filesystem;

namespace tolmach {
namespace {

void require_directory(const std::string& dir) {
  std::error_code ec;
  const auto status = fs::status(dir, ec);
  if (!fs::exists(status)) throw InputError(dir, 0, "model directory does not exist");
  if (!fs::is_directory(status)) throw InputError(dir, 0, "not a directory");
}

void require_file(const std::string& path, const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(path, ec))
    throw InputError(path, 0, "missing (is " + dir + " a tolmach model directory?)");
}

}  // namespace

nlohmann::json versioned_config(const nlohmann::json& config) {
  if (!config.is_object()) throw std::invalid_argument("model config must be a JSON object");
  nlohmann::json out = config;
  out["tolmach_version"] = TOLMACH_VERSION;
  out[kModelFormatKey] = kModelFormat;
  return out;
}

void save_model_dir(const std::string& dir, const nlohmann::json& config,
                    const std::vector<TensorRecord>& tensors, const SafetensorsMetadata& metadata) {
  const std::string config_text = versioned_config(config).dump(2) + "\n";
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw std::runtime_error(dir + ": cannot create directory: " + ec.message());

  for (const char* name : {kWeightsFileName, kConfigFileName})  // of a save that was killed
    remove_stale_temporaries((fs::path(dir) / name).string());
  // Stage both files completely; only then make them visible.
  AtomicFile weights((fs::path(dir) / kWeightsFileName).string());
  write_safetensors(weights.stream(), tensors, metadata);
  AtomicFile config_file((fs::path(dir) / kConfigFileName).string());
  config_file.stream() << config_text;
  weights.commit();
  config_file.commit();
}

nlohmann::json read_model_config(const std::string& path) {
  nlohmann::json config = read_json_file(path);
  if (!config.is_object()) throw InputError(path, 1, "config must be a JSON object");
  // The format is the directory's, not the model's: checked here and not handed on.
  if (config.contains(kModelFormatKey)) {
    const nlohmann::json& f = config[kModelFormatKey];
    if (!f.is_number_integer() || f.get<int64_t>() < 1)
      throw InputError(path, 0, std::string("\"") + kModelFormatKey + "\" must be a positive integer");
    if (f.get<int64_t>() > kModelFormat)
      throw InputError(path, 0,
                       std::string(kModelFormatKey) + " " + std::to_string(f.get<int64_t>()) +
                           " is newer than this tolmach (" + TOLMACH_VERSION + ") reads (" +
                           std::to_string(kModelFormat) + "): written by tolmach " +
                           config.value("tolmach_version", std::string("?")) + ", upgrade to read it");
    config.erase(kModelFormatKey);
  }
  return config;
}

ModelDir load_model_dir(const std::string& dir) {
  require_directory(dir);
  const std::string config_path = (fs::path(dir) / kConfigFileName).string();
  const std::string weights_path = (fs::path(dir) / kWeightsFileName).string();
  require_file(config_path, dir);
  require_file(weights_path, dir);
  nlohmann::json config = read_model_config(config_path);
  return ModelDir{dir, std::move(config), SafetensorsFile::open(weights_path)};
}

}  // namespace tolmach
