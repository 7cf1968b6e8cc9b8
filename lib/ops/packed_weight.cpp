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
  PackedWeight p{w, Tensor(), md(w), dnnl::memory::desc()};
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
  p.plain = Tensor();  // the packed bytes are the only copy kept
  p.plain_md = md(w.contiguous());
  return p;
}

DType PackedWeight::dtype() const {
  switch (plain_md.data_type()) {
    case dnnl::memory::data_type::bf16: return DType::bf16;
    case dnnl::memory::data_type::s8: return DType::i8;
    default: return DType::f32;
  }
}

Tensor PackedWeight::unpacked() const {
  if (plain.defined()) return plain;
  Tensor out = Tensor::empty({rows(), cols()}, dtype());
  dnnl::memory src(packed_md, engine(), packed.raw()), dst = mem(out);
  dnnl::reorder(src, dst).execute(stream(), src, dst);
  stream().wait();
  return out;
}

void matmul_packed(const Tensor& a0, const PackedWeight& w, Tensor& c, const Tensor& bias) {
  const DType wt = w.dtype();
  const Tensor a = a0.dtype() == DType::bf16 && wt == DType::f32 && !cpu_has_bf16_gemm() ? a0.to(DType::f32) : a0;
  const std::string w_str = std::string(dtype_name(wt)) + "[" + std::to_string(w.rows()) + ", " + std::to_string(w.cols()) + "]";
  TOLMACH_CHECK(a.ndim() == 2 && a.dim(1) == w.rows() && a.dtype() == input_type(wt) && c.ndim() == 2 &&
                    c.dim(0) == a.dim(0) && c.dim(1) == w.cols() && c.dtype() == result_type(wt),
                "matmul_packed of " + a.str() + " with " + w_str + " into " + c.str());
  const bool with_bias = bias.defined();
  TOLMACH_CHECK(!with_bias || (bias.numel() == w.cols() && bias.dtype() == DType::f32 && wt != DType::i8),
                "matmul_packed bias " + bias.str() + " for " + w_str);
  if (a.dim(0) == 0) return;
  const std::string key = cache_key(with_bias ? "matmul_packed_bias" : "matmul_packed", a, c) + "|w" +
                          (w.plain.defined() ? tensor_key(w.plain) : w_str);
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
  // (No kernel has refused them here, rows being padded: a refusal costs an unpacked copy per call.)
  const Tensor plain = packed ? Tensor() : w.unpacked();
  if (!packed)
    p = primitive_cache().get(key + "|plain", [&] { return dnnl::matmul(matmul_pd(md(a), md(plain), md(c), with_bias)); });
  std::unordered_map<int, dnnl::memory> args = {
      {DNNL_ARG_SRC, mem(a)},
      {DNNL_ARG_WEIGHTS, packed ? dnnl::memory(w.packed_md, engine(), w.packed.raw()) : mem(plain)},
      {DNNL_ARG_DST, mem(c)}};
  if (with_bias) args[DNNL_ARG_BIAS] = mem(bias.view({1, w.cols()}));
  p.execute(stream(), args);
  stream().wait();
}

}  // namespace tolmach::ops
