#pragma once
// Symmetrisation of two directional word alignments into one, as fast_align's `atools -c`
// computes it (Koehn et al. 2003's heuristics in atools' exact form), and atools' `invert`.
#include <string>

#include "align/links.h"

namespace tolmach {

enum class Heuristic { kIntersect, kUnion, kGrowDiag, kGrowDiagFinal, kGrowDiagFinalAnd };

// "intersect", "union", "grow-diag", "grow-diag-final", "grow-diag-final-and" (underscores
// may stand for the dashes). Throws UsageError listing the names.
Heuristic parse_heuristic(const std::string& name);
std::string heuristic_name(Heuristic h);
// The accepted names, ", "-separated, for usage texts.
std::string heuristic_names();

// `forward` and `reverse` both in source-target order (the reverse run already inverted).
// The result is what atools prints for the pair: grow-diag starts from the intersection and,
// pass after pass until nothing changes, adds each union link (in source-target order) that
// touches an unaligned word and has one of its 8 neighbours aligned; "final" then adds
// forward's, then reverse's, links that touch an unaligned word, "final-and" only those whose
// words are both unaligned. Only the links matter: atools' sentence lengths (the largest
// index + 1) change nothing.
Links symmetrize(const Links& forward, const Links& reverse, Heuristic h);

// Source-target -> target-source (atools -c invert).
Links inverted(const Links& links);

}  // namespace tolmach
