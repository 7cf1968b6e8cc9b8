#include "models/seq2seq.h"

#include <cstring>
#include <filesystem>
#include <new>
#include <set>
#include <stdexcept>

#include "base/error.h"
#include "io/model_dir.h"
#include "models/rnn_attention/model.h"
#include "models/transformer/transformer.h"
#include "nn/init.h"
#include "ops/quantized.h"

namespace tolmach {

std::unique_ptr<Seq2SeqModel> create_model(const nlohmann::json& config, uint64_t seed) {
  if (!config.is_object()) throw std::invalid_argument("model config: not a JSON object");
  auto type = config.find("type");
  if (type == config.end() || !type->is_string()) throw std::invalid_argument("model config: no \"type\" string");
  if (*type == "rnn") return std::make_unique<rnn::RnnAttentionModel>(rnn::RnnConfig::from_json(config), seed);
  if (*type == "transformer") return create_transformer(config, seed);
  throw std::invalid_argument("model config: unknown model type " + type->dump() +
                              " (known: \"rnn\", \"transformer\")");
}

void Seq2SeqModel::set_precision(nn::Precision p) {
  if (p != nn::Precision::float32)
    throw UsageError(std::string("--precision: this model type runs in float32 only, not ") + nn::precision_name(p));
}

void save_model(const std::string& dir, const Seq2SeqModel& model) { save_model(dir, model, DType::f32); }

void save_model(const std::string& dir, const Seq2SeqModel& model, DType weights) {
  if (weights != DType::f32 && weights != DType::bf16 && weights != DType::i8)
    throw std::invalid_argument(std::string("save_model: weights must be f32, bf16 or i8, not ") + dtype_name(weights));
  std::vector<Tensor> keep;  // contiguous copies the records point into
  std::vector<TensorRecord> records;
  auto add = [&](const std::string& name, const Tensor& t, SafetensorsDType dt) {
    keep.push_back(t);
    records.push_back({name, dt, t.shape(), t.raw(), static_cast<size_t>(t.numel()) * dtype_size(t.dtype())});
  };
  for (const auto& [name, v] : model.parameters()) {
    const Tensor& w = v.value();
    if (weights == DType::i8 && w.ndim() == 2) {
      Tensor q;
      const std::vector<float> scales = ops::quantize_rows(w, q);
      add(name, q, SafetensorsDType::I8);
      add(name + kScaleSuffix, Tensor::from_vector({w.dim(0)}, scales), SafetensorsDType::F32);
    } else if (weights == DType::bf16) {
      add(name, w.to(DType::bf16).contiguous(), SafetensorsDType::BF16);
    } else {
      add(name, w.contiguous(), SafetensorsDType::F32);
    }
  }
  save_model_dir(dir, model.config(), records);
}

namespace {

// A stored tensor as f32: F32 and BF16 as they are, I8 times its per-row "<name>.scale".
Tensor read_weight(const SafetensorsFile& f, const TensorRecord& r) {
  const std::string& file = f.path();
  DType dt;
  if (r.dtype == SafetensorsDType::F32) dt = DType::f32;
  else if (r.dtype == SafetensorsDType::BF16) dt = DType::bf16;
  else if (r.dtype == SafetensorsDType::I8 && r.shape.size() == 2) dt = DType::i8;
  else throw InputError(file, 0, "tensor \"" + r.name + "\" is " + dtype_name(r.dtype) + shape_str(r.shape) +
                                     " (F32, BF16 or 2-D I8 expected)");
  Tensor t = Tensor::empty(r.shape, dt);
  std::memcpy(t.raw(), r.data, r.nbytes);  // the file's data may be unaligned
  if (dt != DType::i8) return t.to(DType::f32);
  const TensorRecord* s = f.find(r.name + kScaleSuffix);
  if (!s || s->dtype != SafetensorsDType::F32 || s->shape != Shape{r.shape[0]})
    throw InputError(file, 0, "I8 tensor \"" + r.name + "\" needs an F32 \"" + r.name + kScaleSuffix + "\" of shape " +
                                  shape_str(Shape{r.shape[0]}));
  std::vector<float> scale(r.shape[0]);
  std::memcpy(scale.data(), s->data, s->nbytes);
  Tensor out = t.to(DType::f32);
  float* p = out.data<float>();
  for (int64_t i = 0, cols = r.shape[1]; i < r.shape[0]; ++i)
    for (int64_t j = 0; j < cols; ++j) p[i * cols + j] *= scale[i];
  return out;
}

bool is_scale_of_i8(const SafetensorsFile& f, const std::string& name) {
  const size_t n = std::strlen(kScaleSuffix);
  if (name.size() <= n || name.compare(name.size() - n, n, kScaleSuffix) != 0) return false;
  const TensorRecord* w = f.find(name.substr(0, name.size() - n));
  return w && w->dtype == SafetensorsDType::I8;
}

}  // namespace

std::unique_ptr<Seq2SeqModel> load_model(const std::string& dir, const nlohmann::json& overrides) {
  ModelDir md = load_model_dir(dir);
  if (overrides.is_object()) md.config.update(overrides);
  const std::string config_path = (std::filesystem::path(dir) / kConfigFileName).string();
  std::unique_ptr<Seq2SeqModel> model;
  try {
    nn::SkipInitGuard every_weight_is_loaded_below;
    model = create_model(md.config, 0);
  } catch (const std::invalid_argument& e) {
    throw InputError(config_path, 0, e.what());
  } catch (const std::bad_alloc&) {  // the weights are checked against the config only once it is built
    throw InputError(config_path, 0, "the model it describes does not fit in memory (dimensions that do not "
                                     "match " + std::string(kWeightsFileName) + "?)");
  }
  const std::string& file = md.weights.path();
  nn::NamedParams params = model->parameters();
  // Names first (a file for another architecture or depth), then shapes and types.
  std::set<std::string> names;
  for (const auto& p : params) names.insert(p.first);
  for (const auto& r : md.weights.tensors())
    if (!names.count(r.name) && !is_scale_of_i8(md.weights, r.name))
      throw InputError(file, 0, "unexpected tensor \"" + r.name + "\" (not in the config's model)");
  for (auto& [name, v] : params) {
    const TensorRecord* r = md.weights.find(name);
    if (!r) throw InputError(file, 0, "missing tensor \"" + name + "\" of the config's model");
    if (r->shape != v.shape())
      throw InputError(file, 0, "tensor \"" + name + "\" has shape " + shape_str(r->shape) + ", the config needs " +
                                    shape_str(v.shape()));
    v.mutable_value().copy_from(read_weight(md.weights, *r));
  }
  return model;
}

}  // namespace tolmach
