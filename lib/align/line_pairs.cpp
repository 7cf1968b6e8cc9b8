#include "align/line_pairs.h"

#include "base/error.h"

namespace tolmach {

namespace {

void check_same_length(bool has_first, bool has_second, const LineReader& first, const LineReader& second) {
  if (has_first == has_second) return;
  const LineReader& ended = has_first ? second : first;
  const LineReader& longer = has_first ? first : second;
  throw InputError(ended.name(), ended.line_number(),
                   "ends here but " + longer.name() + " has more lines (one line per sentence in each)");
}

}  // namespace

bool LinePairReader::next_raw(std::string& first, std::string& second, std::string& why_first,
                              std::string& why_second) {
  const bool has_first = first_.next_raw(first, why_first), has_second = second_.next_raw(second, why_second);
  check_same_length(has_first, has_second, first_, second_);
  return has_first;
}

bool LinePairReader::next(std::string& first, std::string& second) {
  const bool has_first = first_.next(first), has_second = second_.next(second);
  check_same_length(has_first, has_second, first_, second_);
  return has_first;
}

}  // namespace tolmach
