#pragma once
// Two line streams read in lockstep (forward + reverse alignments, gold + hypothesis): a
// corpus of sentence pairs must have one line per sentence in each file.
#include <string>

#include "text/utf8.h"

namespace tolmach {

class LinePairReader {
 public:
  LinePairReader(LineReader& first, LineReader& second) : first_(first), second_(second) {}
  // The next line of each; false when both have ended. Throws InputError naming the file that
  // ends first and its last line when the other goes on (lines before were returned).
  bool next(std::string& first, std::string& second);
  // The same with LineReader::next_raw: the lines as they are and why each is bad (or "").
  bool next_raw(std::string& first, std::string& second, std::string& why_first, std::string& why_second);
  // 1-based number of the pair `next` last returned.
  size_t line_number() const { return first_.line_number(); }

 private:
  LineReader& first_;
  LineReader& second_;
};

}  // namespace tolmach
