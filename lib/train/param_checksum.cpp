#include "train/param_checksum.h"

#include <cstring>

namespace tolmach {

uint64_t parameter_checksum(const std::vector<Var>& params) {
  uint64_t h = 0xCBF29CE484222325ull;
  for (const Var& v : params) {
    const Tensor& t = v.value();
    const uint32_t* bits = reinterpret_cast<const uint32_t*>(t.data<float>());
    const int64_t n = t.numel();
    // Each element's bits times an odd weight of its position: vectorises, and a changed,
    // swapped or shifted value changes the sum.
    uint64_t s = 0;
    for (int64_t i = 0; i < n; ++i) s += uint64_t(bits[i]) * uint64_t(2 * i + 1);
    h = (h ^ s ^ uint64_t(n)) * 0x100000001B3ull;
  }
  return h;
}

}  // namespace tolmach
