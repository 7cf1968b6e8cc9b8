#include "search/nbest_format.h"

#include <sstream>

namespace tolmach {

std::string nbest_line(size_t id, const std::string& text, const Hypothesis& h,
                       const std::optional<std::string>& alignment) {
  std::ostringstream out;  // default float formatting, as Marian's stream output
  out << id << " ||| " << text;
  if (alignment) out << " ||| " << *alignment;
  out << " ||| F0= " << h.score << " ||| " << h.normalized;
  return out.str();
}

}  // namespace tolmach
