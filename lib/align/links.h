#pragma once
// Word alignments as sets of links between 0-based word positions, and their text form:
// Pharaoh "i-j" pairs (i source, j target) separated by spaces, one sentence a line, as
// fast_align, atools and marian-decoder --alignment write them.
#include <string>
#include <utility>
#include <vector>

namespace tolmach {

struct Link {
  int source = 0, target = 0;
  friend bool operator<(const Link& a, const Link& b) {
    return std::pair(a.source, a.target) < std::pair(b.source, b.target);
  }
  friend bool operator==(const Link& a, const Link& b) { return a.source == b.source && a.target == b.target; }
};

// Sorted by (source, target), no duplicates.
using Links = std::vector<Link>;

// Sorts and removes duplicates.
Links normalized(Links links);

// "0-0 1-2" -> links (any order, duplicates removed). Throws std::invalid_argument naming the
// bad token; callers add file and line (InputError).
Links parse_pharaoh(const std::string& line);

class LineReader;
// parse_pharaoh of the line `from` just read, its complaint as InputError(file, line).
Links parse_pharaoh_at(const std::string& line, const LineReader& from);

// Links -> "0-0 1-2" in the order given (sorted if `links` is normalized).
std::string format_pharaoh(const Links& links);

}  // namespace tolmach
