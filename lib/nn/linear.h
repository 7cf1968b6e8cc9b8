#pragma once
// Affine layer y = x W^T + b over the last dimension. W is [out, in] (PyTorch's layout, so
// an embedding table [V, D] can be shared as an output projection), initialised Xavier
// uniform; b is [out], zero.
#include "nn/init.h"
#include "nn/module.h"
#include "nn/precision.h"
#include "ops/packed_weight.h"
#include "ops/quantized.h"

namespace tolmach::nn {

class Linear {
 public:
  Linear() = default;
  Linear(int64_t in, int64_t out, Rng& rng, bool bias = true);

  Var forward(const Var& x) const;  // [..., in] -> [..., out]
  NamedParams parameters() const;   // "weight", "bias"

  // Inference in float32, bfloat16 (weight and input rounded to bf16, f32 accumulation) or
  // int8 (weight per output channel, input per row, u8 x s8 -> s32, see ops/quantized.h; bfloat16 runs
  // as float32 on a CPU without bf16 kernels, see tensor/cpu_support.h): from here on,
  // forward() without a gradient uses a copy of `weight` made now, packed for oneDNN's
  // kernels. Call it once the weights are final (after loading); training never calls it.
  void set_precision(Precision p);
  // Inference only from here on: drops `weight` (set_precision's copy replaces it; a holder
  // that shares the tensor, a tied embedding, keeps it). Forward with a gradient then fails.
  void release_float_weight();

  Var weight, bias;  // bias undefined when built without one

 private:
  Precision precision_ = Precision::float32;
  // Made by set_precision() (one of the two; none before it is called).
  ops::PackedWeight packed_;          // [in, out] f32 or bf16
  ops::QuantizedWeight weight_int8_;  // [in, out] i8 with [out] scales
};

}  // namespace tolmach::nn
