#include "train/gradient_allreduce.h"

#include <algorithm>
#include <chrono>
#include <cstring>

#include "base/error.h"
#include "base/check.h"
#include "tensor/dtype.h"

namespace tolmach {

AllreducePrecision parse_allreduce_precision(const std::string& s) {
  if (s == "float32") return AllreducePrecision::float32;
  if (s == "bfloat16") return AllreducePrecision::bfloat16;
  throw UsageError("--allreduce-precision must be float32 or bfloat16, not '" + s + "'");
}

GradientAllreduce::GradientAllreduce(Communicator& comm, AllreducePrecision precision, size_t bucket_bytes)
    : comm_(comm), precision_(precision),
      bucket_elems_(std::max<size_t>(1, bucket_bytes / (precision == AllreducePrecision::float32 ? 4 : 2))) {}

void GradientAllreduce::flush() {
  if (staged_ == 0) return;
  ++calls_;
  if (precision_ == AllreducePrecision::float32) {
    comm_.allreduce_sum(f32_.data(), staged_);
    size_t at = 0;
    for (auto& [p, n] : pending_) {
      std::memcpy(p, f32_.data() + at, n * sizeof(float));
      at += n;
    }
  } else {
    comm_.allreduce_sum_bf16(bf16_.data(), staged_);
    const bf16* b = reinterpret_cast<const bf16*>(bf16_.data());
    size_t at = 0;
    for (auto& [p, n] : pending_)
      for (size_t i = 0; i < n; ++i) p[i] = float(b[at++]);
  }
  pending_.clear();
  staged_ = 0;
}

void GradientAllreduce::run(const std::vector<Tensor>& grads) {
  const auto start = std::chrono::steady_clock::now();
  const bool f32 = precision_ == AllreducePrecision::float32;
  if (f32) f32_.resize(bucket_elems_);
  else bf16_.resize(bucket_elems_);
  for (const Tensor& g : grads) {
    TOLMACH_CHECK(g.dtype() == DType::f32 && g.is_contiguous(), "gradient all-reduce needs contiguous f32");
    float* p = g.data<float>();
    size_t n = static_cast<size_t>(g.numel());
    if (f32 && n >= bucket_elems_) {  // a bucket by itself: no copies
      ++calls_;
      comm_.allreduce_sum(p, n);
      continue;
    }
    while (n > 0) {  // pack, possibly across buckets
      const size_t k = std::min(n, bucket_elems_ - staged_);
      if (f32) {
        std::memcpy(f32_.data() + staged_, p, k * sizeof(float));
      } else {
        bf16* b = reinterpret_cast<bf16*>(bf16_.data()) + staged_;
        for (size_t i = 0; i < k; ++i) b[i] = bf16(p[i]);
      }
      pending_.emplace_back(p, k);
      staged_ += k;
      p += k;
      n -= k;
      if (staged_ == bucket_elems_) flush();
    }
  }
  flush();
  seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace tolmach
