#include "ops/dropout.h"

#include "tensor/threads.h"

namespace tolmach::ops {

namespace {

// splitmix64 finaliser: a good 64-bit mix of (seed, index).
inline uint64_t mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// The mask and output of elements [begin, end). A function of its own, taking values: inside a
// lambda the float stores may alias the captured keep_scale, and the loop stayed scalar with a
// branch per element (11% of transformer-small's training time).
void draw_mask(const float* in, float* mask, float* out, int64_t begin, int64_t end, uint64_t base,
               uint32_t threshold, float keep_scale) {
#pragma omp simd
  for (int64_t i = begin; i < end; ++i) {
    uint32_t r = static_cast<uint32_t>(mix(base + static_cast<uint64_t>(i)) >> 40);
    float keep = r < threshold ? 0.f : keep_scale;
    mask[i] = keep;
    out[i] = in[i] * keep;
  }
}

}  // namespace

Var dropout(const Var& x, float p, uint64_t seed) {
  TOLMACH_CHECK(p >= 0.f && p < 1.f, "dropout probability " + std::to_string(p) + " not in [0, 1)");
  if (p == 0.f) return x;
  Tensor xv = x.value().contiguous();
  int64_t n = xv.numel();
  Tensor mask = Tensor::empty(xv.shape());  // 0 or 1/(1-p)
  Tensor y = Tensor::empty(xv.shape());
  float keep_scale = 1.f / (1.f - p);
  // Compare 24 random bits with p * 2^24 (exact for any float p).
  uint32_t threshold = static_cast<uint32_t>(static_cast<double>(p) * (1u << 24));
  uint64_t base = mix(seed + 0x9e3779b97f4a7c15ull);
  float* m = mask.data<float>();
  float* o = y.data<float>();
  const float* in = xv.data<float>();
  parallel_for(n, n, [&](int64_t begin, int64_t end) {
    draw_mask(in, m, o, begin, end, base, threshold, keep_scale);
  });
  return Var::make(y, {x}, [x, mask](const Tensor& g0) {
    Tensor g = g0.contiguous();
    Tensor dx = Tensor::empty(g.shape());
    const float* gp = g.data<float>();
    const float* mp = mask.data<float>();
    float* d = dx.data<float>();
    int64_t n = g.numel();
    parallel_for(n, n, [&](int64_t begin, int64_t end) {
#pragma omp simd
      for (int64_t i = begin; i < end; ++i) d[i] = gp[i] * mp[i];
    });
    x.add_grad(std::move(dx));
  });
}

}  // namespace tolmach::ops
