#pragma once
// Word-level tokenisation with ICU's word break iterator (UAX #29): words, numbers and
// each punctuation mark become tokens; white space separates them and is dropped.
// For aligners and BLEU-style pre-tokenisation, where subwords are not wanted.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <unicode/uversion.h>  // ICU's versioned namespace, for the declaration below

U_NAMESPACE_BEGIN
class BreakIterator;
U_NAMESPACE_END

namespace tolmach {

// Not thread-safe (a break iterator keeps state): give each thread its own copy.
class WordSegmenter {
 public:
  explicit WordSegmenter(const std::string& locale = "");
  WordSegmenter(const WordSegmenter& other);  // clones the iterator
  WordSegmenter& operator=(const WordSegmenter&) = delete;
  ~WordSegmenter();

  // Tokens of one valid UTF-8 line, in order.
  std::vector<std::string> split(std::string_view text);

 private:
  std::unique_ptr<icu::BreakIterator> iter_;
};

}  // namespace tolmach
