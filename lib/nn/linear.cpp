#include "nn/linear.h"

#include "ops/binary.h"
#include "ops/matmul.h"

namespace tolmach::nn {

Linear::Linear(int64_t in, int64_t out, Rng& rng, bool with_bias)
    : weight(Var::param(xavier_uniform({out, in}, in, out, rng))) {
  if (with_bias) bias = Var::param(Tensor::zeros({out}));
}

Var Linear::forward(const Var& x) const {
  Var y = ops::matmul(x, weight, false, true);
  return bias.defined() ? ops::add(y, bias) : y;
}

NamedParams Linear::parameters() const {
  NamedParams p = {{"weight", weight}};
  if (bias.defined()) p.emplace_back("bias", bias);
  return p;
}

}  // namespace tolmach::nn
