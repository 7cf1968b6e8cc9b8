#pragma once
// The guided-alignment term of the training loss (Marian's --guided-alignment-cost): how far
// the alignment layer's attention is from the batch's gold alignment, for both architectures.
#include "autograd/var.h"
#include "data/batch.h"

namespace tolmach {

enum class GuidedAlignmentCost { ce, mse };

// "ce" | "mse"; std::invalid_argument otherwise.
GuidedAlignmentCost parse_guided_alignment_cost(const std::string& name);

// attention [B, T, S] (target_output positions x source positions) against
// batch.guided_alignment. ce: -sum(gold * log(attention + eps)); mse: sum((attention - gold)^2) / 2.
// Returned as a sum scaled to the batch's target tokens, weight * cost / links * tokens: added to
// the summed cross-entropy that the trainer divides by the tokens, it contributes
// weight x the cost per gold link, as Marian's. Zero when the batch has no links.
Var guided_alignment_loss(const Var& attention, const Batch& batch, GuidedAlignmentCost cost, float weight);

}  // namespace tolmach
