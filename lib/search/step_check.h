#pragma once
// Guards that a StepModel returned buffers of the promised shapes.
#include <stdexcept>
#include <string>

#include "search/step_model.h"

namespace tolmach {

inline void check_step_output(const StepOutput& out, int rows, int vocab, bool attention,
                              int width) {
  if (out.logprobs.size() != static_cast<size_t>(rows) * vocab)
    throw std::logic_error("StepModel::step gave " + std::to_string(out.logprobs.size()) +
                           " log-probs for " + std::to_string(rows) + " rows x " +
                           std::to_string(vocab) + " tokens");
  if (attention && out.attention.size() != static_cast<size_t>(rows) * width)
    throw std::logic_error("StepModel::step gave " + std::to_string(out.attention.size()) +
                           " attention weights for " + std::to_string(rows) + " rows x " +
                           std::to_string(width) + " source positions");
}

}  // namespace tolmach
