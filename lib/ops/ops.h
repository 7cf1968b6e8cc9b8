#pragma once
// Every op, forward + backward, at two levels:
//   Tensor-level  ops::matmul(Tensor, Tensor)  plain kernels, no graph (inference, other ops)
//   Var-level     ops::matmul(Var, Var)        records backward on the autograd tape
// One file per op in lib/ops/.
#include "ops/binary.h"
#include "ops/matmul.h"
#include "ops/reduce.h"
