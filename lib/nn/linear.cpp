#include "nn/linear.h"

#include <cstring>

#include "ops/matmul.h"
#include "tensor/cpu_support.h"

namespace tolmach::nn {
namespace {

// Inference GEMMs run on row counts padded to a multiple of this: beam search shrinks its
// batch row by row as hypotheses finish, and each new shape costs oneDNN a kernel generation.
constexpr int64_t kRowBucket = 16;

// [M, K] contiguous -> [M rounded up, K] with zero rows appended.
Tensor pad_rows(const Tensor& x) {
  const int64_t M = x.dim(0), Mp = (M + kRowBucket - 1) / kRowBucket * kRowBucket;
  if (Mp == M) return x;
  Tensor p = Tensor::empty({Mp, x.dim(1)}, x.dtype());
  const size_t row = static_cast<size_t>(x.dim(1)) * dtype_size(x.dtype());
  std::memcpy(p.raw(), x.raw(), M * row);
  std::memset(static_cast<char*>(p.raw()) + M * row, 0, (Mp - M) * row);
  return p;
}

}  // namespace

Linear::Linear(int64_t in, int64_t out, Rng& rng, bool with_bias)
    : weight(Var::param(xavier_uniform({out, in}, in, out, rng))) {
  if (with_bias) bias = Var::param(Tensor::zeros({out}));
}

Var Linear::forward(const Var& x) const {
  const bool converted = packed_.defined() || weight_int8_.w.defined();
  if (grad_enabled() || !converted) {
    TOLMACH_CHECK(weight.defined(), "Linear::forward with a gradient after release_float_weight()");
    return ops::linear(x, weight, bias, /*trans_w=*/true);
  }
  const Tensor& xv = x.value();
  const Tensor b = bias.defined() ? bias.value() : Tensor();
  const int64_t K = xv.dim(-1), M = xv.numel() / K;
  Tensor x2 = pad_rows(xv.contiguous().view({M, K}));
  Tensor y;
  if (precision_ == Precision::int8) {
    y = ops::matmul_int8(x2, weight_int8_, b);
  } else {
    y = Tensor::empty({x2.dim(0), packed_.cols()});
    ops::matmul_packed(precision_ == Precision::bfloat16 ? x2.to(DType::bf16) : x2, packed_, y, b);
  }
  Shape out = xv.shape();
  out.back() = y.dim(1);
  return Var(y.slice(0, 0, M).view(out));
}

void Linear::set_precision(Precision p) {
  // Without bf16 kernels bfloat16 would only add conversions (oneDNN's reference reorders there
  // cost ~30 ns per element: 6x float32's time on the shipped model): float32 it is.
  if (p == Precision::bfloat16 && !cpu_has_bf16_gemm()) p = Precision::float32;
  precision_ = p;
  const Tensor w = weight.value().transpose(0, 1);  // [in, out]
  packed_ = p == Precision::int8 ? ops::PackedWeight() : ops::pack_weight(p == Precision::bfloat16 ? w.to(DType::bf16) : w);
  weight_int8_ = p == Precision::int8 ? ops::quantize_weight(weight.value(), /*trans=*/true) : ops::QuantizedWeight();
}

void Linear::release_float_weight() {
  TOLMACH_CHECK(packed_.defined() || weight_int8_.w.defined(), "Linear::release_float_weight before set_precision");
  weight = Var();
}

NamedParams Linear::parameters() const {
  NamedParams p = {{"weight", weight}};
  if (bias.defined()) p.emplace_back("bias", bias);
  return p;
}

}  // namespace tolmach::nn
