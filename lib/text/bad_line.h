#pragma once
// What a line filter does with a line that is not text it can take (--on-bad-line): stop
// (the default: exit 1 naming FILE:LINE), write an empty line in its place (the output stays
// parallel to the input), or drop it (the output is no longer parallel).
//
// A bad line is invalid UTF-8 or holds a NUL byte: NUL never occurs in text, it marks
// binary data or UTF-16 read as UTF-8, and C APIs would cut the line at it. Other control
// characters are text: they pass through to SentencePiece, whose nmt_nfkc rule (the
// default) deletes C0/C1 controls and maps TAB / CR to a space, as spm_encode and Marian do.
// A CR before the LF (CRLF files) is such a character, so CRLF input is translated as LF input.
#include <cstddef>
#include <string>
#include <string_view>

namespace tolmach {

class InputError;

enum class BadLinePolicy { error, empty, skip };

// The flag every line-filter tool registers, with its help text.
inline constexpr const char* kOnBadLineFlag = "on-bad-line";
inline constexpr const char* kOnBadLineHelp =
    "a line of invalid UTF-8 or with a NUL byte: error (exit 1 naming FILE:LINE), empty (an empty "
    "output line and a warning: output stays parallel) or skip-with-warning (dropped: output is "
    "no longer parallel to the input)";

// "error", "empty" or "skip-with-warning"; UsageError naming --on-bad-line otherwise.
BadLinePolicy parse_bad_line_policy(const std::string& value);

// Why `line` is not text a tool takes ("invalid UTF-8 at byte N", "NUL byte at byte N"),
// or "" when it is.
std::string bad_line_reason(std::string_view line);

// Applies a policy to one bad line: throws InputError(file, line, why) for error, else writes
// "tolmach-TOOL: warning: FILE:LINE: why: ..." on stderr and says whether to keep the line
// (as an empty one) or drop it.
class BadLines {
 public:
  explicit BadLines(BadLinePolicy policy = BadLinePolicy::error) : policy_(policy) {}
  // True: keep an empty line in its place; false: skip it.
  bool keep_empty(const std::string& file, size_t line, const std::string& why);
  bool keep_empty(const InputError& error);  // the same for an error already located
  BadLinePolicy policy() const { return policy_; }
  size_t count() const { return count_; }

 private:
  BadLinePolicy policy_;
  size_t count_ = 0;
};

}  // namespace tolmach
