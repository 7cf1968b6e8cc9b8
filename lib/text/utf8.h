#pragma once
// Line reading shared by every tool that reads text (UTF-8 checked: base/utf8_valid.h).
#include <cstddef>
#include <istream>
#include <string>
#include <string_view>

#include "base/utf8_valid.h"

namespace tolmach {

// Reads lines (LF, a trailing CR is kept as data like sacreBLEU / spm do not strip it)
// and knows where it is, so errors can name file and line.
class LineReader {
 public:
  LineReader(std::istream& in, std::string name) : in_(in), name_(std::move(name)) {}
  // Next line without its '\n'; false at end of input. Throws InputError on invalid
  // UTF-8 unless `replace_invalid` is set.
  bool next(std::string& line, bool replace_invalid = false);
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
};

}  // namespace tolmach
