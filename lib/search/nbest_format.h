#pragma once
// n-best lines as marian-decoder --n-best prints them (Moses format):
//   0 ||| a house ||| F0= -1.23 ||| -0.45
// id (0-based input line), text, the model score (sum of log-probs), the ranking score
// (length-normalised). With alignments, they come between text and scores, always as a
// field of its own (empty when the hypothesis has no links), so the columns never shift.
#include <cstddef>
#include <optional>
#include <string>

#include "search/hypothesis.h"

namespace tolmach {

std::string nbest_line(size_t sentence_id, const std::string& text, const Hypothesis& hypothesis,
                       const std::optional<std::string>& alignment = std::nullopt);

}  // namespace tolmach
