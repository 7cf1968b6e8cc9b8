#include "models/seq2seq.h"

#include <cstring>
#include <filesystem>
#include <set>
#include <stdexcept>

#include "io/error.h"
#include "io/model_dir.h"
#include "models/rnn_attention/model.h"

namespace tolmach {

std::unique_ptr<Seq2SeqModel> create_model(const nlohmann::json& config, uint64_t seed) {
  if (!config.is_object()) throw std::invalid_argument("model config: not a JSON object");
  auto type = config.find("type");
  if (type == config.end() || !type->is_string()) throw std::invalid_argument("model config: no \"type\" string");
  if (*type == "rnn") return std::make_unique<rnn::RnnAttentionModel>(rnn::RnnConfig::from_json(config), seed);
  throw std::invalid_argument("model config: unknown model type " + type->dump() + " (known: \"rnn\")");
}

void save_model(const std::string& dir, const Seq2SeqModel& model) { save_model(dir, model, DType::f32); }

void save_model(const std::string& dir, const Seq2SeqModel& model, DType weights) {
  if (weights != DType::f32 && weights != DType::bf16)
    throw std::invalid_argument(std::string("save_model: weights must be f32 or bf16, not ") + dtype_name(weights));
  std::vector<Tensor> keep;  // contiguous copies the records point into
  std::vector<TensorRecord> records;
  for (const auto& [name, v] : model.parameters()) {
    Tensor t = v.value().to(weights).contiguous();
    keep.push_back(t);
    TensorRecord r;
    r.name = name;
    r.dtype = weights == DType::f32 ? SafetensorsDType::F32 : SafetensorsDType::BF16;
    r.shape = t.shape();
    r.data = t.raw();
    r.nbytes = static_cast<size_t>(t.numel()) * dtype_size(weights);
    records.push_back(std::move(r));
  }
  save_model_dir(dir, model.config(), records);
}

std::unique_ptr<Seq2SeqModel> load_model(const std::string& dir) {
  ModelDir md = load_model_dir(dir);
  const std::string config_path = (std::filesystem::path(dir) / kConfigFileName).string();
  std::unique_ptr<Seq2SeqModel> model;
  try {
    model = create_model(md.config, 0);
  } catch (const std::invalid_argument& e) {
    throw InputError(config_path, 0, e.what());
  }
  const std::string& file = md.weights.path();
  nn::NamedParams params = model->parameters();
  // Names first (a file for another architecture or depth), then shapes and types.
  std::set<std::string> names;
  for (const auto& p : params) names.insert(p.first);
  for (const auto& r : md.weights.tensors())
    if (!names.count(r.name)) throw InputError(file, 0, "unexpected tensor \"" + r.name + "\" (not in the config's model)");
  for (auto& [name, v] : params) {
    const TensorRecord* r = md.weights.find(name);
    if (!r) throw InputError(file, 0, "missing tensor \"" + name + "\" of the config's model");
    if (r->shape != v.shape())
      throw InputError(file, 0, "tensor \"" + name + "\" has shape " + shape_str(r->shape) + ", the config needs " +
                                    shape_str(v.shape()));
    DType dt;
    if (r->dtype == SafetensorsDType::F32) dt = DType::f32;
    else if (r->dtype == SafetensorsDType::BF16) dt = DType::bf16;
    else throw InputError(file, 0, "tensor \"" + name + "\" is " + dtype_name(r->dtype) + " (F32 or BF16 expected)");
    Tensor t = Tensor::empty(r->shape, dt);
    std::memcpy(t.raw(), r->data, r->nbytes);  // the file's data may be unaligned
    v.mutable_value().copy_from(t);
  }
  return model;
}

}  // namespace tolmach
