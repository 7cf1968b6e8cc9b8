#include "nn/linear.h"

#include "ops/matmul.h"

namespace tolmach::nn {

Linear::Linear(int64_t in, int64_t out, Rng& rng, bool with_bias)
    : weight(Var::param(xavier_uniform({out, in}, in, out, rng))) {
  if (with_bias) bias = Var::param(Tensor::zeros({out}));
}

Var Linear::forward(const Var& x) const { return ops::linear(x, weight, bias, /*trans_w=*/true); }

NamedParams Linear::parameters() const {
  NamedParams p = {{"weight", weight}};
  if (bias.defined()) p.emplace_back("bias", bias);
  return p;
}

}  // namespace tolmach::nn
