#include "search/hypothesis.h"

#include <algorithm>
#include <cmath>

namespace tolmach {

int max_output_length(const SearchOptions& o, int source_length) {
  const int by_factor =
      static_cast<int>(std::ceil(o.max_length_factor * static_cast<float>(source_length)));
  return std::max(1, std::min(o.max_length, by_factor));
}

float length_normalized(float score, size_t length, float alpha) {
  if (alpha == 0.f || length == 0) return score;
  return score / std::pow(static_cast<float>(length), alpha);
}

}  // namespace tolmach
