#include "ops/mask.h"

#include "tensor/threads.h"

namespace tolmach::ops {

namespace {

// The mask as dense bytes of x's shape.
Tensor dense_mask(const Tensor& mask, const Shape& shape) {
  Tensor m = mask.dtype() == DType::i8 ? mask : mask.to(DType::i8);
  return m.expand(shape).contiguous();
}

Tensor apply(const Tensor& x0, const Tensor& m, float value) {
  Tensor x = x0.dtype() == DType::f32 ? x0.contiguous() : x0.to(DType::f32).contiguous();
  Tensor y = Tensor::empty(x.shape());
  const float* in = x.data<float>();
  const int8_t* mp = m.data<int8_t>();
  float* o = y.data<float>();
  int64_t n = x.numel();
  parallel_for(n, n, [&](int64_t begin, int64_t end) {
#pragma omp simd
    for (int64_t i = begin; i < end; ++i) o[i] = mp[i] ? value : in[i];
  });
  return y;
}

}  // namespace

Tensor masked_fill(const Tensor& x, const Tensor& mask, float value) {
  return apply(x, dense_mask(mask, x.shape()), value);
}

Var masked_fill(const Var& x, const Tensor& mask, float value) {
  Tensor m = dense_mask(mask, x.shape());
  return Var::make(apply(x.value(), m, value), {x}, [x, m](const Tensor& g) { x.add_grad(apply(g, m, 0.f)); });
}

Tensor causal_mask(int64_t T) {
  Tensor m = Tensor::zeros({T, T}, DType::i8);
  int8_t* p = m.data<int8_t>();
  for (int64_t i = 0; i < T; ++i)
    for (int64_t j = i + 1; j < T; ++j) p[i * T + j] = 1;
  return m;
}

Tensor padding_mask(const std::vector<int64_t>& lengths, int64_t T) {
  int64_t B = static_cast<int64_t>(lengths.size());
  Tensor m = Tensor::zeros({B, T}, DType::i8);
  int8_t* p = m.data<int8_t>();
  for (int64_t b = 0; b < B; ++b)
    for (int64_t t = lengths[b]; t < T; ++t) p[b * T + t] = 1;
  return m;
}

}  // namespace tolmach::ops
