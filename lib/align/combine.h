#pragma once
// atools -c over whole files: one output line (Pharaoh, sorted) per input line, written as
// each line is read, so a corpus streams through.
#include <ostream>

#include "align/symmetrize.h"
#include "text/utf8.h"

namespace tolmach {

// Symmetrises line n of `forward` with line n of `reverse` (both source-target). Throws
// InputError(file, line) on a bad link or when one file ends before the other; the lines
// before it have been written.
void combine_lines(LineReader& forward, LineReader& reverse, Heuristic h, std::ostream& out);

// Every line of `in` inverted (atools -c invert).
void invert_lines(LineReader& in, std::ostream& out);

}  // namespace tolmach
