#include "ops/packed_weight.h"

#include "tensor/cpu_support.h"
#include "tensor/engine.h"

namespace tolmach::ops {
namespace {

using tag = dnnl::memory::format_tag;

dnnl::matmul::primitive_desc matmul_pd(const dnnl::memory::desc& a, const dnnl::memory::desc& w,
                                       const dnnl::memory::desc& c, bool with_bias) {
  if (!with_bias) return dnnl::matmul::primitive_desc(dnnl::matmul::desc(a, w, c), engine());
  const dnnl::memory::desc b({1, w.dims()[1]}, dnnl::memory::data_type::f32, tag::ab);
  return dnnl::matmul::primitive_desc(dnnl::matmul::desc(a, w, b, c), engine());
}

DType result_type(DType weights) { return weights == DType::i8 ? DType::i32 : DType::f32; }
// int8 weights multiply u8 inputs: oneDNN's native int8 GEMM (an s8 input costs it a shift and
// a compensation pass over the weights every call: 2-4x the time on AVX2).
DType input_type(DType weights) { return weights == DType::i8 ? DType::u8 : weights; }

}  // namespace

PackedWeight pack_weight(const Tensor& w0) {
  TOLMACH_CHECK(w0.ndim() == 2, "pack_weight of " + w0.str());
  // Without bf16 kernels the bf16 values are kept widened to f32 (see matmul_packed).
  const Tensor w = w0.dtype() == DType::bf16 && !cpu_has_bf16_gemm() ? w0.to(DType::f32) : w0;
  const int64_t K = w.dim(0), N = w.dim(1);
  PackedWeight p{w, Tensor(), dnnl::memory::desc()};
  // The layout oneDNN picks depends on K, N and the dtypes, not on M.
  const auto dt = dnnl_type(w.dtype());
  const dnnl::memory::desc a({128, K}, dnnl_type(input_type(w.dtype())), tag::ab),
      c({128, N}, dnnl_type(result_type(w.dtype())), tag::ab);
  const dnnl::memory::desc wanted = matmul_pd(a, dnnl::memory::desc({K, N}, dt, tag::any), c, false).weights_desc();
  if (wanted == md(w)) return p;
  p.packed_md = wanted;
  p.packed = Tensor::empty({static_cast<int64_t>(wanted.get_size())}, DType::i8);
  dnnl::memory src = mem(w), dst(wanted, engine(), p.packed.raw());
  dnnl::reorder(src, dst).execute(stream(), src, dst);
  stream().wait();
  return p;
}

void matmul_packed(const Tensor& a0, const PackedWeight& w, Tensor& c, const Tensor& bias) {
  const Tensor a = a0.dtype() == DType::bf16 && w.plain.dtype() == DType::f32 && !cpu_has_bf16_gemm() ? a0.to(DType::f32) : a0;
  TOLMACH_CHECK(a.ndim() == 2 && a.dim(1) == w.rows() && a.dtype() == input_type(w.plain.dtype()) && c.ndim() == 2 &&
                    c.dim(0) == a.dim(0) && c.dim(1) == w.cols() && c.dtype() == result_type(w.plain.dtype()),
                "matmul_packed of " + a.str() + " with " + w.plain.str() + " into " + c.str());
  const bool with_bias = bias.defined();
  TOLMACH_CHECK(!with_bias || (bias.numel() == w.cols() && bias.dtype() == DType::f32 && w.plain.dtype() != DType::i8),
                "matmul_packed bias " + bias.str() + " for " + w.plain.str());
  if (a.dim(0) == 0) return;
  const std::string key = cache_key(with_bias ? "matmul_packed_bias" : "matmul_packed", a, w.plain, c);
  // A null primitive in the cache records that no kernel takes the packed layout at this M.
  dnnl::primitive p;
  if (w.packed.defined())
    p = primitive_cache().get(key, [&]() -> dnnl::primitive {
      try {
        return dnnl::matmul(matmul_pd(md(a), w.packed_md, md(c), with_bias));
      } catch (const dnnl::error&) {
        return dnnl::primitive();
      }
    });
  const bool packed = p.get(true) != nullptr;
  if (!packed)
    p = primitive_cache().get(key + "|plain", [&] { return dnnl::matmul(matmul_pd(md(a), md(w.plain), md(c), with_bias)); });
  std::unordered_map<int, dnnl::memory> args = {
      {DNNL_ARG_SRC, mem(a)},
      {DNNL_ARG_WEIGHTS, packed ? dnnl::memory(w.packed_md, engine(), w.packed.raw()) : mem(w.plain)},
      {DNNL_ARG_DST, mem(c)}};
  if (with_bias) args[DNNL_ARG_BIAS] = mem(bias.view({1, w.cols()}));
  p.execute(stream(), args);
  stream().wait();
}

}  // namespace tolmach::ops
