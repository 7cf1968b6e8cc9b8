// The line readers on arbitrary bytes: LineReader under each --on-bad-line policy, PairReader
// on ' ||| ' lines and on two files in lockstep (the input split at its first 0xFF byte),
// and the Pharaoh / talp link parsers on every line. Only InputError (or, for the link
// parsers, std::invalid_argument / out_of_range) may escape; the policies must keep their
// promises (empty: one line out per line in; skip: no more lines out than in).
#include <cstddef>
#include <cstdint>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "align/gold.h"
#include "align/links.h"
#include "align/pair_reader.h"
#include "base/error.h"
#include "text/bad_line.h"
#include "text/utf8.h"

using namespace tolmach;

namespace {

size_t count_lines(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += c == '\n';
  return n + (!s.empty() && s.back() != '\n');
}

void links(const std::string& line) {
  try {
    (void)format_pharaoh(parse_pharaoh(line));
  } catch (const std::exception&) {
  }
  for (bool one_based : {false, true}) {
    try {
      (void)parse_gold(line, one_based);
    } catch (const std::exception&) {
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::cerr.setstate(std::ios::badbit);  // the policies' warnings would flood the log
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (BadLinePolicy policy : {BadLinePolicy::error, BadLinePolicy::empty, BadLinePolicy::skip}) {
    std::istringstream in(text);
    LineReader reader(in, "fuzz", policy);
    std::string line;
    size_t out = 0;
    try {
      while (reader.next(line, policy == BadLinePolicy::skip)) {
        ++out;
        if (!bad_line_reason(line).empty()) __builtin_trap();  // a returned line is always good
        links(line);
      }
    } catch (const InputError&) {
      if (policy != BadLinePolicy::error) __builtin_trap();
    }
    if (policy == BadLinePolicy::empty && out != count_lines(text)) __builtin_trap();
    if (out > count_lines(text)) __builtin_trap();
  }
  for (BadLinePolicy policy : {BadLinePolicy::error, BadLinePolicy::empty, BadLinePolicy::skip}) {
    const size_t cut = text.find('\xff');
    try {
      SentencePair pair;
      if (cut == std::string::npos) {
        std::istringstream in(text);
        PairReader reader(in, "fuzz", policy);
        while (reader.next(pair)) {
        }
      } else {
        std::istringstream src(text.substr(0, cut)), trg(text.substr(cut + 1));
        PairReader reader(src, "src", trg, "trg", policy);
        while (reader.next(pair)) {
          if (!bad_line_reason(pair.source).empty() || !bad_line_reason(pair.target).empty()) __builtin_trap();
        }
      }
    } catch (const InputError&) {
    }
  }
  return 0;
}
