#pragma once
// Floats as users typed them: the shortest decimal that reads back as the same float, so
// --help says 0.6 (not 0.600000024) and config.json 0.3 (not 0.30000001192092896).
#include <string>

namespace tolmach {

std::string float_text(float x);
std::string float_text(double x);  // the same for a double: 0.08, not 0.080000000000000002

// The double that float_text(x) spells: what a float setting is stored as in JSON.
double float_as_typed(float x);

}  // namespace tolmach
