#pragma once
// Python-compatible string primitives for the metrics: sacreBLEU works on Python `str`,
// so whitespace means str.isspace(), "lower" means str.lower(), and n-grams count code points.
#include <string>
#include <string_view>
#include <vector>

namespace tolmach::metrics {

// True for the code points Python's str.isspace() accepts (ASCII \t\n\v\f\r, \x1c-\x1f,
// space, U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000).
bool is_py_space(char32_t c);

// Decode valid UTF-8 (callers validate input once at read time).
std::u32string decode_utf8(std::string_view s);
void append_utf8(std::string& out, char32_t c);
// Decode one code point at s[i], advancing i.
char32_t next_code_point(std::string_view s, size_t& i);

// str.split() with no argument: split on runs of whitespace, drop empty pieces.
std::vector<std::string_view> split_ws(std::string_view s);
void split_ws(std::string_view s, std::vector<std::string_view>& out);  // reuses `out`
// ' '.join(s.split())
std::string squeeze_ws(std::string_view s);
// str.rstrip() / str.strip() with no argument.
std::string_view rstrip_ws(std::string_view s);
std::string_view strip_ws(std::string_view s);
// str.lower(): full Unicode lower-casing (ICU root locale), ASCII fast path.
std::string py_lower(std::string_view s);

}  // namespace tolmach::metrics
