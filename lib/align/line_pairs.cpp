#include "align/line_pairs.h"

#include "base/error.h"

namespace tolmach {

bool LinePairReader::next(std::string& first, std::string& second) {
  const bool has_first = first_.next(first), has_second = second_.next(second);
  if (has_first == has_second) return has_first;
  const LineReader& ended = has_first ? second_ : first_;
  const LineReader& longer = has_first ? first_ : second_;
  throw InputError(ended.name(), ended.line_number(),
                   "ends here but " + longer.name() + " has more lines (one line per sentence in each)");
}

}  // namespace tolmach
