#include "search/top_k.h"

#include <algorithm>

namespace tolmach {
namespace {

bool better(const Scored& a, const Scored& b) {
  return a.score > b.score || (a.score == b.score && a.index < b.index);
}

// out is a heap with the worst kept candidate in front.
void replace_worst(std::vector<Scored>& out, Scored s) {
  std::pop_heap(out.begin(), out.end(), better);
  out.back() = s;
  std::push_heap(out.begin(), out.end(), better);
}

}  // namespace

void top_k(const float* base, const float* logprobs, size_t rows, size_t vocab, size_t k,
           std::vector<Scored>& out) {
  out.clear();
  if (k == 0) return;
  const size_t n = rows * vocab;
  size_t i = 0;
  for (; i < n && out.size() < k; ++i) {
    out.push_back({base[i / vocab] + logprobs[i], i});
    std::push_heap(out.begin(), out.end(), better);
  }
  if (i < n) {
    float worst = out.front().score;
    for (size_t r = i / vocab, v0 = i % vocab; r < rows; ++r, v0 = 0) {
      const float b = base[r];
      const float* x = logprobs + r * vocab;
      // Almost no candidate beats the k-th best: test blocks of 16 at once (vectorised),
      // look closer only at a block that has one. Strict '>': an equal later candidate
      // never displaces an earlier one.
      constexpr size_t kBlock = 16;
      for (size_t v = v0; v < vocab; v += kBlock) {
        const size_t end = std::min(v + kBlock, vocab);
        int any = 0;
        for (size_t u = v; u < end; ++u) any |= b + x[u] > worst;
        if (!any) continue;
        for (size_t u = v; u < end; ++u) {
          const float s = b + x[u];
          if (s > worst) {
            replace_worst(out, {s, r * vocab + u});
            worst = out.front().score;
          }
        }
      }
    }
  }
  std::sort_heap(out.begin(), out.end(), better);
}

}  // namespace tolmach
