#pragma once
// n-best lines as marian-decoder --n-best prints them (Moses format):
//   0 ||| a house ||| F0= -1.23 ||| -0.45
// id (0-based input line), text, the model score (sum of log-probs), the ranking score
// (length-normalised). With alignments, they come between text and scores.
#include <cstddef>
#include <string>

#include "search/hypothesis.h"

namespace tolmach {

std::string nbest_line(size_t sentence_id, const std::string& text, const Hypothesis& hypothesis,
                       const std::string& alignment = {});

}  // namespace tolmach
