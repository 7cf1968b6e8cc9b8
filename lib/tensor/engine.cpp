#include "tensor/engine.h"

#include <cstring>

namespace tolmach {

dnnl::engine& engine() {
  static dnnl::engine e(dnnl::engine::kind::cpu, 0);
  return e;
}

// One stream per thread: translation workers run primitives side by side.
dnnl::stream& stream() {
  static thread_local dnnl::stream s(engine());
  return s;
}

// Debian's oneDNN is built with DNNL_CPU_RUNTIME=OMP (libgomp), so OpenMP's thread count
// governs oneDNN as well as our own `#pragma omp` loops.
static_assert(DNNL_CPU_RUNTIME == DNNL_RUNTIME_OMP, "tolmach expects oneDNN with the OpenMP runtime");


dnnl::memory::data_type dnnl_type(DType t) {
  using dt = dnnl::memory::data_type;
  switch (t) {
    case DType::f32: return dt::f32;
    case DType::bf16: return dt::bf16;
    case DType::i8: return dt::s8;
    case DType::u8: return dt::u8;
    case DType::i32: return dt::s32;
  }
  return dt::undef;
}

dnnl::memory::desc md(const Tensor& t) {
  dnnl::memory::dims dims(t.shape().begin(), t.shape().end());
  dnnl::memory::dims strides(t.strides().begin(), t.strides().end());
  if (dims.empty()) {  // oneDNN has no 0-d memory: a scalar is [1]
    dims = {1};
    strides = {1};
  }
  // A size-1 dimension's stride is arbitrary; give it the row-major value so oneDNN sees a
  // plain layout (e.g. a transposed [K,1] view becomes an ordinary [1,K] row).
  for (int i = static_cast<int>(dims.size()) - 1; i >= 0; --i)
    if (dims[i] == 1) strides[i] = i + 1 < static_cast<int>(dims.size()) ? strides[i + 1] * dims[i + 1] : 1;
  return dnnl::memory::desc(dims, dnnl_type(t.dtype()), strides);
}

dnnl::memory mem(const Tensor& t) { return dnnl::memory(md(t), engine(), t.raw()); }
dnnl::memory mem(const Tensor& t, const dnnl::memory::desc& d) { return dnnl::memory(d, engine(), t.raw()); }

std::string tensor_key(const Tensor& t) {
  std::string k = t.str();
  k += '{';
  for (int i = 0; i < t.ndim(); ++i) {
    if (i) k += ',';
    k += std::to_string(t.stride(i));
  }
  k += '}';
  return k;
}

std::string float_key(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  return std::to_string(bits);
}

dnnl::primitive PrimitiveCache::get(const std::string& key, const std::function<dnnl::primitive()>& make) {
  // oneDNN generates a kernel for the thread count of the thread that creates it; this cache
  // belongs to one thread, so it starts afresh when that thread's count changes.
  if (num_threads() != threads_) {
    map_.clear();
    threads_ = num_threads();
  }
  auto it = map_.find(key);
  if (it != map_.end()) return it->second;
  if (map_.size() >= capacity) map_.clear();
  return map_.emplace(key, make()).first->second;
}

size_t PrimitiveCache::size() const {
  return map_.size();
}

void PrimitiveCache::clear() {
  map_.clear();
}

void reorder(const Tensor& src, const Tensor& dst) {
  TOLMACH_CHECK(src.shape() == dst.shape(), "reorder " + src.str() + " into " + dst.str());
  if (src.numel() == 0) return;
  dnnl::primitive p = primitive_cache().get(cache_key("reorder", src, dst), [&] {
    return dnnl::reorder(dnnl::reorder::primitive_desc(engine(), md(src), engine(), md(dst)));
  });
  p.execute(stream(), {{DNNL_ARG_FROM, mem(src)}, {DNNL_ARG_TO, mem(dst)}});
  stream().wait();
}

// Per thread: oneDNN primitives run in the thread that created them (see worker_pool.h).
PrimitiveCache& primitive_cache() {
  static thread_local PrimitiveCache c;
  return c;
}

}  // namespace tolmach
