#include "text/utf8.h"

#include "base/error.h"

namespace tolmach {

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
