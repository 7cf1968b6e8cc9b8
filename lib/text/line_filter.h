#pragma once
// Streaming line filter: one line in, one line (or block) out, in input order, optionally
// on several threads. The tools built on it (tokenize, later translate) stay line filters
// with no state between lines, as DESIGN.md asks.
//
// Latency: output is flushed whenever the filter would otherwise wait for input, so a line
// typed into a pipe comes out at once; on large files it runs at full buffer speed.
#include <functional>
#include <ostream>
#include <string>

#include "text/utf8.h"

namespace tolmach {

// Turns one valid UTF-8 line into its output (without the final '\n'; it may span several
// lines, e.g. n-best lists). Throw to reject the line: the filter adds file and line, and
// treats it by `on_bad_line` like a line the reader rejected.
using LineFunction = std::function<void(const std::string& line, std::string& out)>;

struct LineFilterOptions {
  int threads = 1;
  size_t batch_lines = 256;      // the most lines a worker takes at once
  bool replace_invalid = false;  // invalid UTF-8 -> U+FFFD instead of an InputError
  BadLinePolicy on_bad_line = BadLinePolicy::error;  // a line the function rejects (the reader has its own)
};

// Writes f(line) + '\n' for every line of `reader`, in order. `make_function` is called
// once per worker (so each may own state that is not thread-safe). On a bad line every
// line before it is written and flushed, then InputError(file, line, why) is thrown
// (with on_bad_line error; else the line becomes empty or is dropped, with a warning).
void filter_lines(LineReader& reader, std::ostream& out,
                  const std::function<LineFunction()>& make_function,
                  const LineFilterOptions& options = {});

}  // namespace tolmach
