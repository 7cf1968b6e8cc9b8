#pragma once
// A cheap fingerprint of the parameter values, exact to the bit: the ranks of a data-parallel
// run apply the same update to the same weights, so any difference (a non-deterministic
// reduction, a rank that skipped an update) shows as a different checksum.
#include <cstdint>
#include <vector>

#include "autograd/var.h"

namespace tolmach {

// Order-sensitive within each tensor and across tensors; one pass over the weights.
uint64_t parameter_checksum(const std::vector<Var>& params);

}  // namespace tolmach
