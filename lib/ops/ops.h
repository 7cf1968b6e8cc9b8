#pragma once
// Every op, forward + backward, at two levels:
//   Tensor-level  ops::matmul(Tensor, Tensor)  plain kernels, no graph (inference, other ops)
//   Var-level     ops::matmul(Var, Var)        records backward on the autograd tape
// One file per op (family) in lib/ops/. See lib/autograd/README.md to add one.
#include "ops/activation.h"
#include "ops/attention.h"
#include "ops/binary.h"
#include "ops/cross_entropy.h"
#include "ops/dropout.h"
#include "ops/embedding.h"
#include "ops/layer_norm.h"
#include "ops/lstm.h"
#include "ops/mask.h"
#include "ops/matmul.h"
#include "ops/reduce.h"
#include "ops/shape.h"
#include "ops/softmax.h"
#include "ops/topk.h"
