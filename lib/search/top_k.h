#pragma once
// The k best of n scored candidates, best first; ties go to the lower index, so search is
// deterministic whatever the scores.
#include <algorithm>
#include <cstddef>
#include <vector>

namespace tolmach {

struct Scored {
  float score;
  size_t index;
};

inline bool better(const Scored& a, const Scored& b) {
  return a.score > b.score || (a.score == b.score && a.index < b.index);
}

// `value(i)` gives candidate i's score. A heap of size k keeps this O(n) for small k.
template <class F>
void top_k(size_t n, size_t k, F value, std::vector<Scored>& out) {
  out.clear();
  if (k == 0) return;
  for (size_t i = 0; i < n; ++i) {
    const float v = value(i);
    if (out.size() < k) {
      out.push_back({v, i});
      std::push_heap(out.begin(), out.end(), better);  // front = worst kept
    } else if (v > out.front().score) {
      std::pop_heap(out.begin(), out.end(), better);
      out.back() = {v, i};
      std::push_heap(out.begin(), out.end(), better);
    }
  }
  std::sort_heap(out.begin(), out.end(), better);
}

}  // namespace tolmach
