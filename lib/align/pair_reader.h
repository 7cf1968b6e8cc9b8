#pragma once
// Sentence pairs as the aligners read them: one file of "source ||| target" lines
// (fast_align's format: the sides split at a "|||" standing as a word; failing that at a
// TAB) or two parallel files.
#include <istream>
#include <memory>
#include <string>
#include <string_view>

#include "align/line_pairs.h"
#include "text/utf8.h"

namespace tolmach {

struct SentencePair {
  std::string source, target;
};

// Splits a line at its first "|||" word (between spaces or tabs, or at either end) or else at
// its first TAB. False when the line has neither.
bool split_pair_line(std::string_view line, std::string_view& left, std::string_view& right);

class PairReader {
 public:
  PairReader(std::istream& pairs, std::string name, BadLinePolicy policy = BadLinePolicy::error);
  PairReader(std::istream& source, std::string source_name, std::istream& target, std::string target_name,
             BadLinePolicy policy = BadLinePolicy::error);
  // false at the end; each side without its surrounding blanks. A bad line (invalid UTF-8, a
  // NUL, no separator; with two files a bad line in either) goes by the policy: InputError
  // (FILE:LINE), an empty pair, or skipped (both files' lines). Two files of different
  // lengths are always an InputError.
  bool next(SentencePair& pair);
  bool has_buffered_input() const;

 private:
  LineReader first_;
  std::unique_ptr<LineReader> second_;      // the target file, when there are two
  std::unique_ptr<LinePairReader> both_;    // reads first_ and second_ in lockstep
};

}  // namespace tolmach
