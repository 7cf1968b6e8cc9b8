#include "models/guided_alignment.h"

#include <stdexcept>

#include "base/error.h"
#include "ops/activation.h"
#include "ops/binary.h"
#include "ops/reduce.h"

namespace tolmach {

GuidedAlignmentCost parse_guided_alignment_cost(const std::string& name) {
  if (name == "ce") return GuidedAlignmentCost::ce;
  if (name == "mse") return GuidedAlignmentCost::mse;
  throw UsageError("--guided-alignment-cost must be ce or mse, not '" + name + "'");
}

Var guided_alignment_loss(const Var& attention, const Batch& batch, GuidedAlignmentCost cost, float weight) {
  // Each linked target position's gold row sums to 1: the row count is the number of links.
  double links = 0;
  for (float g : batch.guided_alignment) links += g;
  if (links == 0) return ops::scale(ops::sum(attention), 0.f);
  const Tensor gold = Tensor::from_vector(attention.shape(), batch.guided_alignment);
  Var c = cost == GuidedAlignmentCost::ce
              ? ops::scale(ops::sum(ops::mul(Var(gold), ops::log(ops::add_scalar(attention, 1e-6f)))), -1.f)
              : ops::scale(ops::sum(ops::mul(ops::sub(attention, Var(gold)), ops::sub(attention, Var(gold)))), 0.5f);
  return ops::scale(c, static_cast<float>(weight * batch.target_tokens / links));
}

}  // namespace tolmach
