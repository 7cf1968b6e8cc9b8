#pragma once
// UTF-8 validity, below every layer that reads text or names (text/, io/'s safetensors).
#include <cstddef>
#include <string>
#include <string_view>

namespace tolmach {

// Byte offset of the first invalid UTF-8 sequence (overlongs, surrogates and code points
// above U+10FFFF are invalid), or std::string_view::npos when `s` is valid.
size_t find_invalid_utf8(std::string_view s);

// Replace each invalid sequence by U+FFFD (one per maximal invalid subpart, as ICU does).
std::string replace_invalid_utf8(std::string_view s);

}  // namespace tolmach
