#include "io/npz.h"

#include <zip.h>

#include <cstring>
#include <memory>
#include <regex>
#include <stdexcept>

#include "base/error.h"

namespace tolmach {
namespace {

size_t item_size(const std::string& dtype, const std::string& what) {
  static const std::regex kind("[fiuSbV]([0-9]+)");
  std::smatch m;
  if (dtype == "b1" || dtype == "?") return 1;
  if (!std::regex_match(dtype, m, kind)) throw std::invalid_argument(what + ": unsupported dtype '" + dtype + "'");
  return std::stoul(m[1]);
}

// The header is a Python dict literal: {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
std::string header_field(const std::string& header, const std::string& key, const std::string& what) {
  const size_t at = header.find("'" + key + "'");
  if (at == std::string::npos) throw std::invalid_argument(what + ": .npy header lacks '" + key + "'");
  size_t colon = header.find(':', at);
  if (colon == std::string::npos) throw std::invalid_argument(what + ": bad .npy header");
  size_t begin = header.find_first_not_of(' ', colon + 1);
  size_t end = header[begin] == '(' ? header.find(')', begin) + 1
               : header[begin] == '\'' ? header.find('\'', begin + 1) + 1
                                       : header.find_first_of(",}", begin);
  if (begin == std::string::npos || end == std::string::npos || end <= begin)
    throw std::invalid_argument(what + ": bad .npy header");
  return header.substr(begin, end - begin);
}

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

}  // namespace

int64_t NpyArray::numel() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

std::vector<float> NpyArray::floats() const {
  if (dtype != "f4") throw std::invalid_argument("dtype '" + dtype + "' is not float32");
  std::vector<float> v(bytes.size() / sizeof(float));
  std::memcpy(v.data(), bytes.data(), v.size() * sizeof(float));
  return v;
}

std::string NpyArray::text() const { return std::string(bytes.c_str()); }

NpyArray parse_npy(const std::string& b, const std::string& what) {
  if (b.size() < 10 || b.compare(0, 6, "\x93NUMPY") != 0) throw std::invalid_argument(what + ": not a .npy array");
  const int major = static_cast<unsigned char>(b[6]);
  if (major < 1 || major > 3) throw std::invalid_argument(what + ": .npy version " + std::to_string(major));
  const size_t len_bytes = major == 1 ? 2 : 4;
  size_t header_len = 0;
  for (size_t i = 0; i < len_bytes; ++i) header_len |= static_cast<size_t>(static_cast<unsigned char>(b[8 + i])) << (8 * i);
  const size_t data_at = 8 + len_bytes + header_len;
  if (data_at > b.size()) throw std::invalid_argument(what + ": truncated .npy header");
  const std::string header = b.substr(8 + len_bytes, header_len);

  NpyArray a;
  std::string descr = header_field(header, "descr", what);
  descr = descr.substr(1, descr.size() - 2);  // unquote
  if (!descr.empty() && (descr[0] == '<' || descr[0] == '|' || descr[0] == '='))
    descr.erase(0, 1);
  else if (!descr.empty() && descr[0] == '>')
    throw std::invalid_argument(what + ": big-endian arrays are not supported");
  a.dtype = descr;
  if (header_field(header, "fortran_order", what) != "False")
    throw std::invalid_argument(what + ": Fortran-order arrays are not supported");
  const std::string shape = header_field(header, "shape", what);
  static const std::regex number("[0-9]+");
  for (auto it = std::sregex_iterator(shape.begin(), shape.end(), number); it != std::sregex_iterator(); ++it)
    a.shape.push_back(std::stoll(it->str()));
  const size_t expected = static_cast<size_t>(a.numel()) * item_size(a.dtype, what);
  if (b.size() - data_at != expected)
    throw std::invalid_argument(what + ": " + std::to_string(b.size() - data_at) + " data bytes, the header's shape needs " +
                                std::to_string(expected));
  a.bytes = b.substr(data_at);
  return a;
}

std::map<std::string, NpyArray> read_npz(const std::string& path) {
  int err = 0;
  std::unique_ptr<zip_t, ZipCloser> z(zip_open(path.c_str(), ZIP_RDONLY, &err));
  if (!z) {
    zip_error_t e;
    zip_error_init_with_code(&e, err);
    const std::string why = zip_error_strerror(&e);
    zip_error_fini(&e);
    throw InputError(path, 0, "cannot read as .npz: " + why);
  }
  std::map<std::string, NpyArray> arrays;
  const zip_int64_t n = zip_get_num_entries(z.get(), 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    if (zip_stat_index(z.get(), i, 0, &st) != 0) throw InputError(path, 0, "unreadable zip entry " + std::to_string(i));
    std::string name = st.name;
    const std::string what = path + ": " + name;
    std::unique_ptr<zip_file_t, ZipFileCloser> f(zip_fopen_index(z.get(), i, 0));
    if (!f) throw InputError(path, 0, name + ": " + zip_strerror(z.get()));
    std::string bytes(st.size, '\0');
    if (zip_fread(f.get(), bytes.data(), st.size) != static_cast<zip_int64_t>(st.size))
      throw InputError(path, 0, name + ": truncated (" + zip_file_strerror(f.get()) + ")");
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".npy") == 0) name.resize(name.size() - 4);
    try {
      arrays.emplace(name, parse_npy(bytes, name));
    } catch (const std::invalid_argument& e) {
      throw InputError(path, 0, e.what());
    }
  }
  return arrays;
}

}  // namespace tolmach
