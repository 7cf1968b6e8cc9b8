#include "metrics/text.h"

#include <unicode/unistr.h>
#include <unicode/locid.h>

namespace tolmach::metrics {

bool is_py_space(char32_t c) {
  if (c < 0x80) return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20);
  return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

char32_t next_code_point(std::string_view s, size_t& i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) { ++i; return c; }
  if (c < 0xE0 && i + 1 < s.size()) {
    char32_t r = ((c & 0x1F) << 6) | (b(i + 1) & 0x3F);
    i += 2;
    return r;
  }
  if (c < 0xF0 && i + 2 < s.size()) {
    char32_t r = ((c & 0x0F) << 12) | ((b(i + 1) & 0x3F) << 6) | (b(i + 2) & 0x3F);
    i += 3;
    return r;
  }
  if (i + 3 < s.size()) {
    char32_t r = ((c & 0x07) << 18) | ((b(i + 1) & 0x3F) << 12) | ((b(i + 2) & 0x3F) << 6) |
                 (b(i + 3) & 0x3F);
    i += 4;
    return r;
  }
  ++i;  // truncated sequence: input is validated upstream, so this is unreachable in practice
  return 0xFFFD;
}

std::u32string decode_utf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) out.push_back(next_code_point(s, i));
  return out;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

namespace {

// Byte length of the whitespace character at s[i], or 0 if s[i] starts no whitespace.
size_t space_len(std::string_view s, size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return is_py_space(c) ? 1 : 0;
  if (c != 0xC2 && c != 0xE1 && c != 0xE2 && c != 0xE3) return 0;  // no other lead byte starts a space
  size_t j = i;
  const char32_t cp = next_code_point(s, j);
  return is_py_space(cp) ? j - i : 0;
}

}  // namespace

std::vector<std::string_view> split_ws(std::string_view s) {
  std::vector<std::string_view> out;
  split_ws(s, out);
  return out;
}

void split_ws(std::string_view s, std::vector<std::string_view>& out) {
  out.clear();
  size_t i = 0, start = std::string_view::npos;
  while (i < s.size()) {
    const size_t n = space_len(s, i);
    if (n) {
      if (start != std::string_view::npos) out.push_back(s.substr(start, i - start));
      start = std::string_view::npos;
      i += n;
    } else {
      if (start == std::string_view::npos) start = i;
      ++i;
    }
  }
  if (start != std::string_view::npos) out.push_back(s.substr(start));
}

std::string squeeze_ws(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::string_view w : split_ws(s)) {
    if (!out.empty()) out += ' ';
    out.append(w);
  }
  return out;
}

std::string_view rstrip_ws(std::string_view s) {
  size_t end = s.size();
  while (end > 0) {
    const unsigned char last = static_cast<unsigned char>(s[end - 1]);
    if (last < 0x80) {
      if (!is_py_space(last)) break;
      --end;
      continue;
    }
    size_t start = end - 1;  // back to the lead byte of the last character
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80 && end - start < 4) --start;
    const size_t n = space_len(s, start);
    if (n != end - start) break;
    end = start;
  }
  return s.substr(0, end);
}

std::string_view strip_ws(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const size_t n = space_len(s, i);
    if (!n) break;
    i += n;
  }
  return rstrip_ws(s.substr(i));
}

std::string py_lower(std::string_view s) {
  bool ascii = true;
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) { ascii = false; break; }
  if (ascii) {
    std::string out(s);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  u.toLower(icu::Locale::getRoot());
  std::string out;
  u.toUTF8String(out);
  return out;
}

}  // namespace tolmach::metrics
