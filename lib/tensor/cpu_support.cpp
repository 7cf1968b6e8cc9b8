#include "tensor/cpu_support.h"

#include <cstdint>
#include <vector>

#include "tensor/engine.h"

namespace tolmach {

using dt = dnnl::memory::data_type;
using tag = dnnl::memory::format_tag;

bool cpu_has_bf16_gemm() {
  static const bool has = [] {
    const dnnl::memory::desc a({8, 8}, dt::bf16, tag::ab), c({8, 8}, dt::f32, tag::ab);
    try {
      dnnl::matmul::primitive_desc(dnnl::matmul::desc(a, a, c), engine());
      return true;
    } catch (const dnnl::error&) {
      return false;
    }
  }();
  return has;
}

bool cpu_int8_gemm_saturates() {
  // 255 * 127 four times (u8 x s8, as ops::matmul_int8 runs it): exact with VNNI's 32-bit sums,
  // far off where pairs saturate at 2^15.
  static const bool saturates = [] {
    std::vector<uint8_t> a(4, 255);
    std::vector<int8_t> w(4, 127);
    int32_t c = 0;
    dnnl::memory ma({{1, 4}, dt::u8, tag::ab}, engine(), a.data()), mw({{4, 1}, dt::s8, tag::ab}, engine(), w.data()),
        mc({{1, 1}, dt::s32, tag::ab}, engine(), &c);
    dnnl::matmul(dnnl::matmul::primitive_desc(dnnl::matmul::desc(ma.get_desc(), mw.get_desc(), mc.get_desc()), engine()))
        .execute(stream(), {{DNNL_ARG_SRC, ma}, {DNNL_ARG_WEIGHTS, mw}, {DNNL_ARG_DST, mc}});
    stream().wait();
    return c != 4 * 255 * 127;
  }();
  return saturates;
}

std::string precision_on_this_cpu(const std::string& precision) {
  if (precision == "int8" && cpu_int8_gemm_saturates()) return precision + " (7-bit weights: no VNNI on this CPU)";
  if ((precision == "bfloat16" || precision == "bf16") && !cpu_has_bf16_gemm())
    return precision + " (runs as float32: no bf16 kernels on this CPU)";
  return precision;
}

}  // namespace tolmach
