#pragma once
// The safetensors file format (https://github.com/huggingface/safetensors), byte for byte as
// the reference implementation writes it, so numpy / PyTorch read our models directly:
//
//   u64 little-endian N | N bytes of JSON header, padded with spaces to a multiple of 8 |
//   raw little-endian tensor data, C order, tensors back to back
//
// The header maps each tensor name to {"dtype", "shape", "data_offsets": [begin, end]}
// (offsets relative to the start of the data) plus an optional "__metadata__" string map.
// This layer knows nothing about tolmach's Tensor class: it writes and reads byte views.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace tolmach {

// Element types, in the reference implementation's order (which is increasing alignment;
// the writer sorts by it so every tensor's data is aligned to its element size).
// (Named apart from the Tensor class's DType: this is the file format's full list.)
enum class SafetensorsDType {
  BOOL, U8, I8, F8_E5M2, F8_E4M3, I16, U16, F16, BF16, I32, U32, F32, F64, I64, U64
};

size_t dtype_size(SafetensorsDType dtype);
const char* dtype_name(SafetensorsDType dtype);  // "F32", "BF16", ...
// nullopt for a name the format does not define.
std::optional<SafetensorsDType> parse_safetensors_dtype(std::string_view name);

// One named tensor as bytes. For writing, `data` points to the caller's memory; for reading,
// into the mapped file (valid while the SafetensorsFile it came from, or a copy of it, lives).
// Data read from files written by other tools may be unaligned: copy it out with memcpy.
struct TensorRecord {
  std::string name;
  SafetensorsDType dtype = SafetensorsDType::F32;
  std::vector<int64_t> shape;
  const void* data = nullptr;
  size_t nbytes = 0;

  int64_t numel() const;
};

using SafetensorsMetadata = std::map<std::string, std::string>;

// Serialise in the reference layout (tensors sorted by dtype alignment, then name).
// Throws std::invalid_argument for records that are inconsistent (nbytes != numel * size,
// empty / duplicate / reserved names): those are caller bugs, not bad input.
void write_safetensors(std::ostream& out, const std::vector<TensorRecord>& tensors,
                       const SafetensorsMetadata& metadata = {});
// Same, to `path` through a temporary file renamed into place (AtomicFile).
void write_safetensors(const std::string& path, const std::vector<TensorRecord>& tensors,
                       const SafetensorsMetadata& metadata = {});

// A memory-mapped, fully validated safetensors file. Cheap to copy (shares the mapping).
class SafetensorsFile {
 public:
  // Throws InputError naming `path` for a missing, truncated or malformed file.
  static SafetensorsFile open(const std::string& path);
  // Validate an in-memory image; `name` is used in error messages. The bytes are copied.
  static SafetensorsFile parse(std::string bytes, const std::string& name);

  const std::string& path() const { return path_; }
  // In file (offset) order.
  const std::vector<TensorRecord>& tensors() const { return tensors_; }
  const SafetensorsMetadata& metadata() const { return metadata_; }
  const TensorRecord* find(std::string_view name) const;  // nullptr when absent
  const TensorRecord& at(std::string_view name) const;    // InputError when absent

 private:
  struct Storage;
  SafetensorsFile(std::shared_ptr<const Storage> storage, std::string path);

  std::shared_ptr<const Storage> storage_;
  std::string path_;
  std::vector<TensorRecord> tensors_;
  SafetensorsMetadata metadata_;
};

inline SafetensorsFile read_safetensors(const std::string& path) {
  return SafetensorsFile::open(path);
}

}  // namespace tolmach
