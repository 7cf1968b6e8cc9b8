#include "text/utf8.h"

#include "base/error.h"

namespace tolmach {

bool LineReader::next(std::string& line, bool replace_invalid) {
  if (!std::getline(in_, line)) return false;
  ++line_no_;
  const size_t bad = find_invalid_utf8(line);
  if (bad != std::string_view::npos) {
    if (!replace_invalid)
      throw InputError(name_, line_no_, "invalid UTF-8 at byte " + std::to_string(bad + 1));
    line = replace_invalid_utf8(line);
  }
  return true;
}

}  // namespace tolmach
