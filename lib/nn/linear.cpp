#include "nn/linear.h"

#include "ops/matmul.h"

namespace tolmach::nn {

Linear::Linear(int64_t in, int64_t out, Rng& rng, bool with_bias)
    : weight(Var::param(xavier_uniform({out, in}, in, out, rng))) {
  if (with_bias) bias = Var::param(Tensor::zeros({out}));
}

Var Linear::forward(const Var& x) const {
  if (precision_ == Precision::float32 || grad_enabled()) return ops::linear(x, weight, bias, /*trans_w=*/true);
  const Tensor b = bias.defined() ? bias.value() : Tensor();
  if (precision_ == Precision::bfloat16) return Var(ops::linear(x.value().to(DType::bf16), weight_bf16_, b, true));
  return Var(ops::matmul_int8(x.value(), weight_int8_, b));
}

void Linear::set_precision(Precision p) {
  precision_ = p;
  weight_bf16_ = p == Precision::bfloat16 ? weight.value().to(DType::bf16) : Tensor();
  weight_int8_ = p == Precision::int8 ? ops::quantize_weight(weight.value(), /*trans=*/true) : ops::QuantizedWeight();
}

NamedParams Linear::parameters() const {
  NamedParams p = {{"weight", weight}};
  if (bias.defined()) p.emplace_back("bias", bias);
  return p;
}

}  // namespace tolmach::nn
