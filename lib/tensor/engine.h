#pragma once
// The one oneDNN CPU engine, and each thread's stream, thread count and primitive cache.
//
// oneDNN primitives are expensive to create (JIT code generation) and cheap to run, so
// each op builds its primitive once per (op kind, shapes, strides, dtypes, attributes) and
// keeps it here:
//
//   std::string key = cache_key("matmul", a, b, c);           // shapes+strides+dtypes
//   dnnl::primitive p = primitive_cache().get(key, [&] { return dnnl::matmul(pd); });
//   p.execute(stream(), {{DNNL_ARG_SRC, mem(a)}, ...});
//
// Tensors are handed to oneDNN as plain strided memory (mem(t)), never reordered.
#include <dnnl.hpp>
#include <functional>
#include <string>
#include <unordered_map>

#include "tensor/tensor.h"
#include "tensor/threads.h"

namespace tolmach {

dnnl::engine& engine();
dnnl::stream& stream();


// Memory descriptor of a tensor as it lies in memory (its strides; no reorder needed).
dnnl::memory::desc md(const Tensor& t);
dnnl::memory::data_type dnnl_type(DType t);
// A oneDNN memory object wrapping the tensor's buffer (no copy).
dnnl::memory mem(const Tensor& t);
dnnl::memory mem(const Tensor& t, const dnnl::memory::desc& d);

// "f32[2,3]{3,1}" per tensor, joined after the op kind.
std::string tensor_key(const Tensor& t);
// A float's exact bits, for keys (std::to_string would merge 1e-8 and 1e-12).
std::string float_key(float f);
template <class... Ts>
std::string cache_key(const std::string& kind, const Ts&... ts) {
  std::string k = kind;
  ((k += '|', k += tensor_key(ts)), ...);
  return k;
}

// dst <- src (same shape; any strides; dtype conversion) with a cached oneDNN reorder.
void reorder(const Tensor& src, const Tensor& dst);

class PrimitiveCache {
 public:
  // Returns the cached primitive for `key`, creating it with make() on first use (kernels
  // made for another thread count are dropped). Returned by value: a primitive is a cheap reference-counted
  // handle, and a copy stays valid when the cache is cleared.
  dnnl::primitive get(const std::string& key, const std::function<dnnl::primitive()>& make);
  size_t size() const;
  void clear();
  size_t capacity = 4096;  // cleared wholesale when exceeded (shapes vary per batch)

 private:
  std::unordered_map<std::string, dnnl::primitive> map_;
  int threads_ = 0;  // the thread count map_'s kernels were made for
};

PrimitiveCache& primitive_cache();

}  // namespace tolmach
