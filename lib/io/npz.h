#pragma once
// NumPy .npz archives (a zip of .npy arrays, stored or deflated): how Marian saves models.
// Read whole, through libzip; arrays are named without their ".npy".
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace tolmach {

struct NpyArray {
  std::string dtype;           // NumPy's descr without byte order: "f4", "i1", "S1", ...
  std::vector<int64_t> shape;  // C order
  std::string bytes;           // shape's product x the item size

  int64_t numel() const;
  std::vector<float> floats() const;  // throws std::invalid_argument unless dtype is f4
  std::string text() const;           // bytes up to the first NUL (Marian's special:* items)
};

// Throws InputError naming the file (and the array) for anything it cannot read: not a zip,
// a member that is not .npy version 1-3, big-endian or Fortran order, bytes that do not match
// the header's shape.
std::map<std::string, NpyArray> read_npz(const std::string& path);

// One .npy file's bytes; `what` names it in errors (std::invalid_argument).
NpyArray parse_npy(const std::string& bytes, const std::string& what);

}  // namespace tolmach
