#pragma once
// Named parameters (and Adam moments) <-> safetensors records, for model directories and
// checkpoints. Records point into the tensors' memory: keep the params alive while writing.
#include <string>
#include <vector>

#include "io/safetensors.h"
#include "nn/module.h"
#include "train/optimizer.h"

namespace tolmach {

std::vector<TensorRecord> param_records(const nn::NamedParams& params);

// One contiguous f32 tensor as a record / copied back from `file` (InputError if absent or
// of another shape).
TensorRecord tensor_record(const std::string& name, const Tensor& t);
void load_tensor(Tensor& dst, const SafetensorsFile& file, const std::string& name);

// Checkpoints keep the exponentially smoothed weights in the optimizer file as "avg.<param>".
inline const std::string kAverageRecordPrefix = "avg.";

// Copy every parameter's values from `file` (by name). InputError naming the file for a
// missing tensor, a wrong shape or dtype; tensors the model does not have are an error too.
void load_params(const nn::NamedParams& params, const SafetensorsFile& file);

// Adam's first and second moments as "m.<param>" / "v.<param>".
std::vector<TensorRecord> optimizer_records(const nn::NamedParams& params, const Adam::State& state);
// Moments read back for `params` (same checks as load_params); `step` is set by the caller.
Adam::State load_optimizer_state(const nn::NamedParams& params, const SafetensorsFile& file);

}  // namespace tolmach
