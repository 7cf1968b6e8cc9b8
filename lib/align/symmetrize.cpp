#include "align/symmetrize.h"

#include <algorithm>
#include <iterator>
#include <set>

#include "base/error.h"

namespace tolmach {
namespace {

const Heuristic kHeuristics[] = {Heuristic::kIntersect, Heuristic::kUnion, Heuristic::kGrowDiag,
                                 Heuristic::kGrowDiagFinal, Heuristic::kGrowDiagFinalAnd};

// The alignment being grown, with which words it already covers.
class Growing {
 public:
  explicit Growing(const Links& start) {
    for (const Link& l : start) add(l);
  }
  bool has(const Link& l) const { return links_.count(l) > 0; }
  bool source_aligned(int i) const { return sources_.count(i) > 0; }
  bool target_aligned(int j) const { return targets_.count(j) > 0; }
  bool either_unaligned(const Link& l) const { return !source_aligned(l.source) || !target_aligned(l.target); }
  bool both_unaligned(const Link& l) const { return !source_aligned(l.source) && !target_aligned(l.target); }
  bool has_neighbour(const Link& l) const {
    for (int di = -1; di <= 1; ++di)
      for (int dj = -1; dj <= 1; ++dj)
        if ((di || dj) && has({l.source + di, l.target + dj})) return true;
    return false;
  }
  void add(const Link& l) {
    links_.insert(l);
    sources_.insert(l.source);
    targets_.insert(l.target);
  }
  Links links() const { return Links(links_.begin(), links_.end()); }

 private:
  std::set<Link> links_;
  std::set<int> sources_, targets_;
};

Links set_union(const Links& a, const Links& b) {
  Links out;
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

Links set_intersection(const Links& a, const Links& b) {
  Links out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

// atools' grow step: a link added early in a pass counts at once for the links after it (as
// a neighbour, and as covering its words); links that did not qualify are retried next pass.
void grow_diag(Growing& g, const Links& candidates) {
  Links left;
  for (const Link& l : candidates)
    if (!g.has(l)) left.push_back(l);
  for (bool added = true; added;) {
    added = false;
    Links still;
    for (const Link& l : left) {
      if (g.either_unaligned(l) && g.has_neighbour(l)) {
        g.add(l);
        added = true;
      } else {
        still.push_back(l);
      }
    }
    left.swap(still);
  }
}

// One pass over one direction's links; `and_` asks both words to be unaligned.
void final_pass(Growing& g, const Links& direction, bool and_) {
  for (const Link& l : direction)
    if (!g.has(l) && (and_ ? g.both_unaligned(l) : g.either_unaligned(l))) g.add(l);
}

}  // namespace

Heuristic parse_heuristic(const std::string& name) {
  std::string dashed = name;
  std::replace(dashed.begin(), dashed.end(), '_', '-');
  for (Heuristic h : kHeuristics)
    if (dashed == heuristic_name(h)) return h;
  throw UsageError("unknown heuristic '" + name + "' (want " + heuristic_names() + ")");
}

std::string heuristic_name(Heuristic h) {
  switch (h) {
    case Heuristic::kIntersect: return "intersect";
    case Heuristic::kUnion: return "union";
    case Heuristic::kGrowDiag: return "grow-diag";
    case Heuristic::kGrowDiagFinal: return "grow-diag-final";
    case Heuristic::kGrowDiagFinalAnd: return "grow-diag-final-and";
  }
  return "?";
}

std::string heuristic_names() {
  std::string out;
  for (Heuristic h : kHeuristics) out += (out.empty() ? "" : ", ") + heuristic_name(h);
  return out;
}

Links symmetrize(const Links& forward_in, const Links& reverse_in, Heuristic h) {
  const Links forward = normalized(forward_in), reverse = normalized(reverse_in);
  if (h == Heuristic::kUnion) return set_union(forward, reverse);
  Growing g(set_intersection(forward, reverse));
  if (h == Heuristic::kIntersect) return g.links();
  grow_diag(g, set_union(forward, reverse));
  if (h != Heuristic::kGrowDiag) {
    const bool and_ = h == Heuristic::kGrowDiagFinalAnd;
    final_pass(g, forward, and_);
    final_pass(g, reverse, and_);
  }
  return g.links();
}

Links inverted(const Links& links) {
  Links out;
  out.reserve(links.size());
  for (const Link& l : links) out.push_back({l.target, l.source});
  return normalized(std::move(out));
}

}  // namespace tolmach
