#pragma once
// The k best next-token candidates of a few beam rows, best first; ties go to the lower
// (row, token), so search is deterministic whatever the scores.
#include <cstddef>
#include <vector>

namespace tolmach {

struct Scored {
  float score;
  size_t index;  // row * vocab + token, rows counted from the first row given
};

// Candidates score base[r] + logprobs[r * vocab + v] for r < rows.
void top_k(const float* base, const float* logprobs, size_t rows, size_t vocab, size_t k,
           std::vector<Scored>& out);

}  // namespace tolmach
