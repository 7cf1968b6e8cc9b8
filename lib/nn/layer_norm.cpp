#include "nn/layer_norm.h"

#include "ops/layer_norm.h"

namespace tolmach::nn {

LayerNorm::LayerNorm(int64_t dim, float e)
    : weight(Var::param(Tensor::full({dim}, 1.f))), bias(Var::param(Tensor::zeros({dim}))), eps(e) {}

Var LayerNorm::forward(const Var& x) const { return ops::layer_norm(x, weight, bias, eps); }

NamedParams LayerNorm::parameters() const { return {{"weight", weight}, {"bias", bias}}; }

}  // namespace tolmach::nn
