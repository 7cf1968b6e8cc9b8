#include "io/safetensors.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "io/atomic_file.h"
#include "base/error.h"
#include "base/utf8_valid.h"

// The data is written and read as raw bytes: that is little-endian only on a little-endian host.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "safetensors I/O assumes a little-endian host");

namespace tolmach {
namespace {

// Names and element sizes, indexed by SafetensorsDType.
struct DTypeInfo {
  const char* name;
  size_t size;
};
constexpr DTypeInfo kDTypes[] = {{"BOOL", 1},    {"U8", 1},  {"I8", 1},  {"F8_E5M2", 1},
                                 {"F8_E4M3", 1}, {"I16", 2}, {"U16", 2}, {"F16", 2},
                                 {"BF16", 2},    {"I32", 4}, {"U32", 4}, {"F32", 4},
                                 {"F64", 8},     {"I64", 8}, {"U64", 8}};
static_assert(std::size(kDTypes) == static_cast<size_t>(SafetensorsDType::U64) + 1);

// The reference reader refuses headers above 100 MB; so do we (a corrupt length field
// must not make us allocate or parse gigabytes).
constexpr uint64_t kMaxHeaderSize = 100'000'000;

// Element count with overflow detection; nullopt on overflow.
std::optional<uint64_t> checked_numel(const std::vector<int64_t>& shape) {
  uint64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0 || __builtin_mul_overflow(n, static_cast<uint64_t>(d), &n)) return std::nullopt;
  }
  return n;
}

}  // namespace

size_t dtype_size(SafetensorsDType dtype) { return kDTypes[static_cast<int>(dtype)].size; }
const char* dtype_name(SafetensorsDType dtype) { return kDTypes[static_cast<int>(dtype)].name; }

std::optional<SafetensorsDType> parse_safetensors_dtype(std::string_view name) {
  for (size_t i = 0; i < std::size(kDTypes); ++i)
    if (name == kDTypes[i].name) return static_cast<SafetensorsDType>(i);
  return std::nullopt;
}

int64_t TensorRecord::numel() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

// ---------------------------------------------------------------------------------------
// Writing

void write_safetensors(std::ostream& out, const std::vector<TensorRecord>& tensors,
                       const SafetensorsMetadata& metadata) {
  std::set<std::string_view> names;
  for (const auto& t : tensors) {
    const auto bad = [&](const std::string& what) {
      throw std::invalid_argument("safetensors: tensor '" + t.name + "': " + what);
    };
    if (t.name.empty() || t.name == "__metadata__") bad("reserved or empty name");
    if (find_invalid_utf8(t.name) != std::string_view::npos) bad("name is not UTF-8");
    if (!names.insert(t.name).second) bad("duplicate name");
    const auto numel = checked_numel(t.shape);
    uint64_t size = 0;
    if (!numel || __builtin_mul_overflow(*numel, dtype_size(t.dtype), &size))
      bad("negative or overflowing shape");
    if (size != t.nbytes) bad("byte size does not match shape and dtype");
    if (t.nbytes && !t.data) bad("null data");
  }
  for (const auto& [key, value] : metadata)
    if (find_invalid_utf8(key) != std::string_view::npos ||
        find_invalid_utf8(value) != std::string_view::npos)
      throw std::invalid_argument("safetensors: metadata '" + key + "' is not UTF-8");

  // Reference order: descending dtype (i.e. alignment), then name.
  std::vector<const TensorRecord*> order;
  for (const auto& t : tensors) order.push_back(&t);
  std::sort(order.begin(), order.end(), [](const TensorRecord* a, const TensorRecord* b) {
    if (a->dtype != b->dtype) return a->dtype > b->dtype;
    return a->name < b->name;
  });

  // ordered_json keeps insertion order: "__metadata__" first, then tensors by offset.
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  size_t offset = 0;
  for (const TensorRecord* t : order) {
    header[t->name] = {{"dtype", dtype_name(t->dtype)},
                       {"shape", t->shape},
                       {"data_offsets", {offset, offset + t->nbytes}}};
    offset += t->nbytes;
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');  // data starts 8-byte aligned

  const uint64_t n = text.size();
  out.write(reinterpret_cast<const char*>(&n), sizeof n);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  for (const TensorRecord* t : order)
    out.write(static_cast<const char*>(t->data), static_cast<std::streamsize>(t->nbytes));
}

void write_safetensors(const std::string& path, const std::vector<TensorRecord>& tensors,
                       const SafetensorsMetadata& metadata) {
  AtomicFile file(path);
  write_safetensors(file.stream(), tensors, metadata);
  file.commit();
}

// ---------------------------------------------------------------------------------------
// Reading

// Owns the file image: an mmap of the file or, for parse(), a string.
struct SafetensorsFile::Storage {
  const unsigned char* data = nullptr;
  size_t size = 0;
  void* map = nullptr;  // non-null when mmapped
  std::string bytes;    // used when parsed from memory

  Storage() = default;
  Storage(const Storage&) = delete;
  Storage& operator=(const Storage&) = delete;
  ~Storage() {
    if (map) ::munmap(map, size);
  }
};

SafetensorsFile::SafetensorsFile(std::shared_ptr<const Storage> storage, std::string path)
    : storage_(std::move(storage)), path_(std::move(path)) {
  const unsigned char* base = storage_->data;
  const size_t size = storage_->size;
  const auto fail = [&](const std::string& what) -> void { throw InputError(path_, 0, what); };

  if (size < 8) fail("not a safetensors file: " + std::to_string(size) + " bytes is too short");
  uint64_t n;
  std::memcpy(&n, base, 8);
  if (n > kMaxHeaderSize) fail("header length " + std::to_string(n) + " is implausibly large");
  if (n > size - 8)
    fail("header length " + std::to_string(n) + " runs past the end of the file (" +
         std::to_string(size) + " bytes; truncated?)");
  const std::string_view text(reinterpret_cast<const char*>(base + 8), n);
  if (text.empty() || text[0] != '{') fail("header does not start with '{'");

  nlohmann::json header;
  try {
    header = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    fail("header is not valid JSON (at header byte " + std::to_string(e.byte) + ")");
  } catch (const nlohmann::json::exception&) {  // out_of_range: a number too large for a double
    fail("header holds a number out of range");
  }
  if (!header.is_object()) fail("header is not a JSON object");

  const size_t data_size = size - 8 - n;
  const unsigned char* data = base + 8 + n;
  std::vector<std::pair<uint64_t, uint64_t>> spans;
  for (const auto& [name, info] : header.items()) {
    if (name == "__metadata__") {
      if (info.is_null()) continue;  // the reference reader accepts null
      if (!info.is_object()) fail("__metadata__ is not an object of strings");
      for (const auto& [key, value] : info.items()) {
        if (!value.is_string()) fail("__metadata__ value for '" + key + "' is not a string");
        metadata_[key] = value.get<std::string>();
      }
      continue;
    }
    const std::string& tensor_name = name;  // a lambda may not capture a structured binding (C++17)
    const auto bad = [&](const std::string& what) { fail("tensor '" + tensor_name + "': " + what); };
    if (!info.is_object()) bad("entry is not an object");
    const auto dtype_it = info.find("dtype");
    const auto shape_it = info.find("shape");
    const auto offsets_it = info.find("data_offsets");
    if (dtype_it == info.end() || shape_it == info.end() || offsets_it == info.end())
      bad("needs \"dtype\", \"shape\" and \"data_offsets\"");
    if (!dtype_it->is_string()) bad("dtype is not a string");
    const auto dtype = parse_safetensors_dtype(dtype_it->get<std::string>());
    if (!dtype) bad("unknown dtype \"" + dtype_it->get<std::string>() + "\"");
    if (!shape_it->is_array()) bad("shape is not an array");
    std::vector<int64_t> shape;
    for (const auto& d : *shape_it) {
      if (!d.is_number_unsigned() || d.get<uint64_t>() > uint64_t(INT64_MAX))
        bad("shape has a dimension that is not a non-negative integer");
      shape.push_back(d.get<int64_t>());
    }
    if (!offsets_it->is_array() || offsets_it->size() != 2 ||
        !(*offsets_it)[0].is_number_unsigned() || !(*offsets_it)[1].is_number_unsigned())
      bad("data_offsets is not a pair of non-negative integers");
    const uint64_t begin = (*offsets_it)[0].get<uint64_t>(), end = (*offsets_it)[1].get<uint64_t>();
    if (begin > end || end > data_size)
      bad("data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) +
          "] outside the data section of " + std::to_string(data_size) + " bytes" +
          (end > data_size ? " (truncated?)" : ""));
    const auto numel = checked_numel(shape);
    uint64_t expected = 0;
    if (!numel || __builtin_mul_overflow(*numel, dtype_size(*dtype), &expected))
      bad("shape overflows");
    if (expected != end - begin)
      bad("shape and dtype need " + std::to_string(expected) + " bytes but data_offsets span " +
          std::to_string(end - begin));
    tensors_.push_back(
        {name, *dtype, std::move(shape), data + begin, static_cast<size_t>(end - begin)});
    spans.emplace_back(begin, end);
  }

  // Tensors must tile the data section exactly: no gaps, no overlaps, nothing left over.
  std::vector<size_t> order(tensors_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return spans[a] < spans[b]; });
  uint64_t expected_begin = 0;
  std::vector<TensorRecord> sorted;
  for (size_t i : order) {
    if (spans[i].first != expected_begin)
      fail("tensor '" + tensors_[i].name + "': data_offsets begin at " +
           std::to_string(spans[i].first) + ", expected " + std::to_string(expected_begin) +
           " (overlapping or non-contiguous tensors)");
    expected_begin = spans[i].second;
    sorted.push_back(std::move(tensors_[i]));
  }
  if (expected_begin != data_size)
    fail("tensors cover " + std::to_string(expected_begin) + " of " + std::to_string(data_size) +
         " data bytes (trailing garbage or truncated header)");
  tensors_ = std::move(sorted);
}

SafetensorsFile SafetensorsFile::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw InputError(path, 0, std::string("cannot open: ") + std::strerror(errno));
  auto storage = std::make_shared<Storage>();
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw InputError(path, 0, "not a regular file");
  }
  storage->size = static_cast<size_t>(st.st_size);
  if (storage->size > 0) {
    void* map = ::mmap(nullptr, storage->size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
      const int err = errno;
      ::close(fd);
      throw InputError(path, 0, std::string("cannot map: ") + std::strerror(err));
    }
    storage->map = map;
    storage->data = static_cast<const unsigned char*>(map);
  }
  ::close(fd);  // the mapping stays valid
  return SafetensorsFile(std::move(storage), path);
}

SafetensorsFile SafetensorsFile::parse(std::string bytes, const std::string& name) {
  auto storage = std::make_shared<Storage>();
  storage->bytes = std::move(bytes);
  storage->data = reinterpret_cast<const unsigned char*>(storage->bytes.data());
  storage->size = storage->bytes.size();
  return SafetensorsFile(std::move(storage), name);
}

const TensorRecord* SafetensorsFile::find(std::string_view name) const {
  for (const auto& t : tensors_)
    if (t.name == name) return &t;
  return nullptr;
}

const TensorRecord& SafetensorsFile::at(std::string_view name) const {
  if (const TensorRecord* t = find(name)) return *t;
  throw InputError(path_, 0, "no tensor named '" + std::string(name) + "'");
}

}  // namespace tolmach
