#pragma once
// What both searches do with a StepModel's output before choosing tokens: check the
// buffers have the promised shapes, then rule out banned tokens.
#include <limits>
#include <string>
#include <vector>

#include "base/error.h"
#include "search/step_model.h"

namespace tolmach {

inline void check_step_output(const StepOutput& out, int rows, int vocab, bool attention,
                              int width) {
  if (out.logprobs.size() != static_cast<size_t>(rows) * vocab)
    throw InternalError(__FILE__, __LINE__, "StepModel::step gave " + std::to_string(out.logprobs.size()) +
                           " log-probs for " + std::to_string(rows) + " rows x " +
                           std::to_string(vocab) + " tokens");
  if (attention && out.attention.size() != static_cast<size_t>(rows) * width)
    throw InternalError(__FILE__, __LINE__, "StepModel::step gave " + std::to_string(out.attention.size()) +
                           " attention weights for " + std::to_string(rows) + " rows x " +
                           std::to_string(width) + " source positions");
}

inline void ban_tokens(std::vector<float>& logprobs, int rows, int vocab,
                       const std::vector<int>& banned) {
  for (int t : banned) {
    if (t < 0 || t >= vocab) continue;
    for (int r = 0; r < rows; ++r)
      logprobs[static_cast<size_t>(r) * vocab + t] = -std::numeric_limits<float>::infinity();
  }
}

}  // namespace tolmach
