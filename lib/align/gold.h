#pragma once
// Gold word alignments in the .talp form of the WPT shared tasks and Och & Ney (2003): per
// sentence, "i-j" is a sure link and "ipj" a possible one; unaligned words have no link.
#include <string>

#include "align/links.h"

namespace tolmach {

struct GoldLinks {
  Links sure;
  Links possible;  // sure ones included (AER's P contains S)
};

// "1-1 2p3" -> sure {0-0}, possible {0-0, 1-2} with `one_based` (the .talp files count words
// from 1), else the indices as written. A link given both ways is sure. Throws
// std::invalid_argument naming the bad token; callers add file and line (InputError).
GoldLinks parse_gold(const std::string& line, bool one_based);

}  // namespace tolmach
