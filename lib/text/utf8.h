#pragma once
// Line reading shared by every tool that reads text (UTF-8 checked: base/utf8_valid.h).
#include <cstddef>
#include <istream>
#include <string>
#include <string_view>

#include "base/utf8_valid.h"
#include "text/bad_line.h"

namespace tolmach {

// Reads lines (LF, a trailing CR is kept as data like sacreBLEU / spm do not strip it)
// and knows where it is, so errors can name file and line.
class LineReader {
 public:
  LineReader(std::istream& in, std::string name, BadLinePolicy policy = BadLinePolicy::error)
      : in_(in), name_(std::move(name)), bad_lines_(policy) {}
  // Next line without its '\n'; false at end of input. A bad line (bad_line.h) goes by the
  // policy: InputError, an empty line or skipped; with `replace_invalid` invalid UTF-8 becomes
  // U+FFFD instead (a NUL byte is still bad).
  bool next(std::string& line, bool replace_invalid = false);
  // Next line as it is; `why` gets bad_line_reason (empty for a good line). For readers that
  // apply the policy themselves (two files in lockstep drop or blank both lines together).
  bool next_raw(std::string& line, std::string& why);
  BadLines& bad_lines() { return bad_lines_; }
  // True when the line `next` last returned is an empty one in place of a bad line.
  bool blanked() const { return blanked_; }
  const std::string& name() const { return name_; }
  // True when the next line can (at least partly) be read without waiting: data sits in
  // the stream's buffer or the OS reports it readable. Streaming filters flush their
  // output when this is false, so interactive input gets its answer at once.
  bool has_buffered_input() const { return in_.rdbuf()->in_avail() > 0; }
  size_t line_number() const { return line_no_; }

 private:
  std::istream& in_;
  std::string name_;
  size_t line_no_ = 0;
  BadLines bad_lines_;
  bool blanked_ = false;
};

}  // namespace tolmach
