#pragma once
// Sentence pairs to align: one file of "source ||| target" lines (fast_align's format: the
// sides split at a "|||" standing as a word; failing that at a TAB) or two parallel files.
#include <istream>
#include <string>

#include "align/aligner.h"
#include "text/utf8.h"

namespace tolmach {

class PairReader {
 public:
  PairReader(std::istream& pairs, std::string name);
  PairReader(std::istream& source, std::string source_name, std::istream& target, std::string target_name);
  // false at the end. InputError (FILE:LINE) for invalid UTF-8, a line with no separator,
  // or two files of different lengths (naming the one that goes on).
  bool next(SentencePair& pair);
  bool has_buffered_input() const;

 private:
  LineReader first_;
  std::unique_ptr<LineReader> second_;  // the target file, when there are two
};

// Splits one "source ||| target" (or TAB-separated) line; false when it has neither.
bool split_pair(const std::string& line, SentencePair& pair);

}  // namespace tolmach
