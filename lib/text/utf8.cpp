#include "text/utf8.h"

#include "io/error.h"

namespace tolmach {
namespace {

// Scans the sequence starting at s[i]. Returns its length if it is a valid, complete
// sequence; otherwise sets `invalid` and returns the length of its maximal subpart (the
// longest prefix of some valid sequence, at least 1 byte), which is the unit the Unicode
// standard (and ICU, Python, WHATWG) replace by one U+FFFD.
size_t scan_sequence(std::string_view s, size_t i, bool& invalid) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  invalid = false;
  if (c < 0x80) return 1;
  size_t n;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;  // no overlongs
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;  // no overlongs
    if (c == 0xF4) hi = 0x8F;  // <= U+10FFFF
  } else {
    invalid = true;  // continuation byte, C0/C1 (always overlong) or F5..FF
    return 1;
  }
  size_t k = 1;
  for (; k < n && i + k < s.size(); ++k) {
    const unsigned char x = b(i + k);
    if (k == 1 ? (x < lo || x > hi) : (x < 0x80 || x > 0xBF)) break;
  }
  invalid = k < n;
  return k;
}

}  // namespace

size_t find_invalid_utf8(std::string_view s) {
  bool invalid;
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) { ++i; continue; }
    const size_t n = scan_sequence(s, i, invalid);
    if (invalid) return i;
    i += n;
  }
  return std::string_view::npos;
}

std::string replace_invalid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool invalid;
  for (size_t i = 0; i < s.size();) {
    const size_t n = scan_sequence(s, i, invalid);
    if (invalid) out += "\xEF\xBF\xBD";
    else out.append(s.substr(i, n));
    i += n;
  }
  return out;
}

bool LineReader::next_raw(std::string& line, std::string& why) {
  if (!std::getline(in_, line)) {
    // A directory opens as a stream and fails its first read: not an empty file.
    if (in_.bad()) throw InputError(name_, 0, "read error (a directory?)");
    return false;
  }
  ++line_no_;
  why = bad_line_reason(line);
  return true;
}

bool LineReader::next(std::string& line, bool replace_invalid) {
  std::string why;
  blanked_ = false;
  while (next_raw(line, why)) {
    if (why.empty()) return true;
    if (replace_invalid && line.find('\0') == std::string::npos) {
      line = replace_invalid_utf8(line);
      return true;
    }
    if (bad_lines_.keep_empty(name_, line_no_, why)) {
      line.clear();
      blanked_ = true;
      return true;
    }
  }
  return false;
}

}  // namespace tolmach
