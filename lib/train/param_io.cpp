#include "train/param_io.h"

#include <cstring>
#include <set>

#include "base/error.h"
#include "base/check.h"

namespace tolmach {

TensorRecord tensor_record(const std::string& name, const Tensor& t) {
  TOLMACH_CHECK(t.dtype() == DType::f32 && t.is_contiguous(), "parameter " + name + " is not contiguous f32");
  return {name, SafetensorsDType::F32, t.shape(), t.raw(), static_cast<size_t>(t.numel()) * sizeof(float)};
}

void load_tensor(Tensor& dst, const SafetensorsFile& file, const std::string& name) {
  const TensorRecord* r = file.find(name);
  if (!r) throw InputError(file.path(), 0, "no tensor '" + name + "'");
  if (r->dtype != SafetensorsDType::F32 || r->shape != dst.shape())
    throw InputError(file.path(), 0,
                     "tensor '" + name + "' is " + dtype_name(r->dtype) + shape_str(r->shape) +
                         ", the model expects F32" + shape_str(dst.shape()));
  std::memcpy(dst.raw(), r->data, r->nbytes);  // the mapped data may be unaligned
}

std::vector<TensorRecord> param_records(const nn::NamedParams& params) {
  std::vector<TensorRecord> out;
  for (const auto& [name, v] : params) out.push_back(tensor_record(name, v.value()));
  return out;
}

void load_params(const nn::NamedParams& params, const SafetensorsFile& file) {
  std::set<std::string> known;
  for (const auto& [name, v] : params) {
    Tensor& t = const_cast<Var&>(v).mutable_value();
    load_tensor(t, file, name);
    known.insert(name);
  }
  for (const auto& r : file.tensors())
    if (!known.count(r.name))
      throw InputError(file.path(), 0, "tensor '" + r.name + "' is not a parameter of this model");
}

std::vector<TensorRecord> optimizer_records(const nn::NamedParams& params, const Adam::State& state) {
  std::vector<TensorRecord> out;
  for (size_t i = 0; i < params.size(); ++i) {
    out.push_back(tensor_record("m." + params[i].first, state.m[i]));
    out.push_back(tensor_record("v." + params[i].first, state.v[i]));
  }
  return out;
}

Adam::State load_optimizer_state(const nn::NamedParams& params, const SafetensorsFile& file) {
  Adam::State s;
  for (const auto& [name, v] : params) {
    s.m.push_back(Tensor::zeros(v.shape()));
    s.v.push_back(Tensor::zeros(v.shape()));
    load_tensor(s.m.back(), file, "m." + name);
    load_tensor(s.v.back(), file, "v." + name);
  }
  return s;
}

}  // namespace tolmach
