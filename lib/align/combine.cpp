#include "align/combine.h"

#include <stdexcept>
#include <string>

#include "align/line_pairs.h"
#include "io/error.h"

namespace tolmach {

Links parse_pharaoh_at(const std::string& line, const LineReader& from) {
  try {
    return parse_pharaoh(line);
  } catch (const std::invalid_argument& e) {
    throw InputError(from.name(), from.line_number(), e.what());
  }
}

void combine_lines(LineReader& forward, LineReader& reverse, Heuristic h, std::ostream& out) {
  LinePairReader pairs(forward, reverse);
  for (std::string f, r; pairs.next(f, r);)
    out << format_pharaoh(symmetrize(parse_pharaoh_at(f, forward), parse_pharaoh_at(r, reverse), h)) << '\n';
}

void invert_lines(LineReader& in, std::ostream& out) {
  for (std::string line; in.next(line);) out << format_pharaoh(inverted(parse_pharaoh_at(line, in))) << '\n';
}

}  // namespace tolmach
