#include "text/bad_line.h"

#include "base/error.h"
#include "base/tool_main.h"
#include "text/utf8.h"

namespace tolmach {

BadLinePolicy parse_bad_line_policy(const std::string& value) {
  if (value == "error") return BadLinePolicy::error;
  if (value == "empty") return BadLinePolicy::empty;
  if (value == "skip-with-warning") return BadLinePolicy::skip;
  throw UsageError(std::string("--") + kOnBadLineFlag + " must be error, empty or skip-with-warning, not '" +
                   value + "'");
}

std::string bad_line_reason(std::string_view line) {
  const size_t bad = find_invalid_utf8(line);
  const size_t nul = line.find('\0');
  if (bad == std::string_view::npos && nul == std::string_view::npos) return "";
  if (nul < bad) return "NUL byte at byte " + std::to_string(nul + 1);
  return "invalid UTF-8 at byte " + std::to_string(bad + 1);
}

bool BadLines::keep_empty(const std::string& file, size_t line, const std::string& why) {
  return keep_empty(InputError(file, line, why));
}

bool BadLines::keep_empty(const InputError& error) {
  if (policy_ == BadLinePolicy::error) throw error;
  ++count_;
  const bool keep = policy_ == BadLinePolicy::empty;
  tool_warning(error.what() +
               std::string(keep ? " (an empty line in its place)" : " (skipped: the output is not parallel)"));
  return keep;
}

}  // namespace tolmach
