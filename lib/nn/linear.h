#pragma once
// Affine layer y = x W^T + b over the last dimension. W is [out, in] (PyTorch's layout, so
// an embedding table [V, D] can be shared as an output projection), initialised Xavier
// uniform; b is [out], zero.
#include "nn/init.h"
#include "nn/module.h"
#include "nn/precision.h"
#include "ops/quantized.h"

namespace tolmach::nn {

class Linear {
 public:
  Linear() = default;
  Linear(int64_t in, int64_t out, Rng& rng, bool bias = true);

  Var forward(const Var& x) const;  // [..., in] -> [..., out]
  NamedParams parameters() const;   // "weight", "bias"

  // Inference in bfloat16 (weight and input rounded to bf16, f32 accumulation) or int8
  // (weight per output channel, input per row, s8 x s8 -> s32 on VNNI): forward() uses a
  // converted copy of `weight` made here whenever no gradient is recorded. Call it after
  // the weights are loaded; float32 drops the copy.
  void set_precision(Precision p);

  Var weight, bias;  // bias undefined when built without one

 private:
  Precision precision_ = Precision::float32;
  Tensor weight_bf16_;                 // [out, in]
  ops::QuantizedWeight weight_int8_;   // [in, out] with [out] scales
};

}  // namespace tolmach::nn
