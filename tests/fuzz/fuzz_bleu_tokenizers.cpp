// score-bleu's tokenizers (13a, intl, char, zh, none, Tercom's with each option) and its
// segment reader on arbitrary bytes: split_segments accepts or throws InputError, and the
// tokenizers take every segment it accepts.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/error.h"
#include "metrics/segments.h"
#include "metrics/tokenize.h"

using namespace tolmach;
using namespace tolmach::metrics;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> segments;
  try {
    segments = split_segments(std::string(reinterpret_cast<const char*>(data), size), "fuzz");
  } catch (const InputError&) {
    return 0;
  }
  for (const std::string& s : segments) {
    for (BleuTokenizer t : {BleuTokenizer::k13a, BleuTokenizer::kIntl, BleuTokenizer::kChar, BleuTokenizer::kNone,
                            BleuTokenizer::kZh})
      (void)tokenize_bleu(s, t);
    for (int bits = 0; bits < 16; ++bits)
      (void)tokenize_tercom(s, TercomOptions{bool(bits & 1), bool(bits & 2), bool(bits & 4), bool(bits & 8)});
  }
  return 0;
}
