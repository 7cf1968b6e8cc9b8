// The safetensors reader on arbitrary bytes: it must either throw InputError or hand out
// tensor views that lie inside the image (every byte is read, so ASan sees an overrun).
#include <cstddef>
#include <cstdint>
#include <string>

#include "base/error.h"
#include "io/safetensors.h"

volatile unsigned sink;  // keeps the reads

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    const auto file = tolmach::SafetensorsFile::parse(std::string(reinterpret_cast<const char*>(data), size), "fuzz");
    unsigned sum = 0;
    for (const auto& t : file.tensors()) {
      const auto* bytes = static_cast<const unsigned char*>(t.data);
      for (size_t i = 0; i < t.nbytes; ++i) sum += bytes[i];
      if (static_cast<uint64_t>(t.numel()) * tolmach::dtype_size(t.dtype) != t.nbytes) __builtin_trap();
      if (file.find(t.name) != &t) __builtin_trap();
    }
    sink = sum;
  } catch (const tolmach::InputError&) {
  }
  return 0;
}
