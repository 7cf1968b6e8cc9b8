#include "align/combine.h"

#include <string>

#include "align/line_pairs.h"

namespace tolmach {

void combine_lines(LineReader& forward, LineReader& reverse, Heuristic h, std::ostream& out) {
  LinePairReader pairs(forward, reverse);
  for (std::string f, r; pairs.next(f, r);)
    out << format_pharaoh(symmetrize(parse_pharaoh_at(f, forward), parse_pharaoh_at(r, reverse), h)) << '\n';
}

void invert_lines(LineReader& in, std::ostream& out) {
  for (std::string line; in.next(line);) out << format_pharaoh(inverted(parse_pharaoh_at(line, in))) << '\n';
}

}  // namespace tolmach
