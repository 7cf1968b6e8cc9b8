#include "base/float_text.h"

#include <charconv>
#include <cstdlib>

namespace tolmach {
namespace {

// Shortest round trip, in plain decimals (0.0001) unless that is long (1e-08 -> "1e-8").
template <class T>
std::string shortest(T x) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed);
  std::string fixed(buf, r.ptr);
  if (fixed.size() <= 10) return fixed;
  r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
  std::string sci(buf, r.ptr);
  for (const char* zero : {"e-0", "e+0"})
    if (const size_t p = sci.find(zero); p != std::string::npos) sci.erase(p + 2, 1);
  if (const size_t p = sci.find("e+"); p != std::string::npos) sci.erase(p + 1, 1);
  return sci;
}

}  // namespace

std::string float_text(float x) { return shortest(x); }
std::string float_text(double x) { return shortest(x); }

double float_as_typed(float x) { return std::strtod(float_text(x).c_str(), nullptr); }

}  // namespace tolmach
