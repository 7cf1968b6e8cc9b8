#pragma once
// Every op, forward + backward, at two levels:
//   Tensor-level  ops::matmul(Tensor, Tensor)  plain kernels, no graph (inference, other ops)
//   Var-level     ops::matmul(Var, Var)        records backward on the autograd tape
// One file per op (family) in lib/ops/; see lib/autograd/README.md to add one.
//
//   matmul.h        matmul (batched, broadcast, transposed by strides), matmul_into, linear
//   binary.h        add sub mul div (numpy broadcasting), scale, add_scalar; operators.h: + - * /
//   activation.h    relu gelu tanh sigmoid exp log sqrt
//   softmax.h       softmax log_softmax (any axis) and their backward kernels
//   layer_norm.h    layer_norm over the last dim with gain and bias
//   reduce.h        sum mean (all / dims), sum_to (gradient of a broadcast)
//   shape.h         reshape transpose permute slice select (un)squeeze contiguous concat stack split
//   embedding.h     embedding lookup, scatter-add backward
//   dropout.h       inverted dropout from a seed
//   mask.h          masked_fill, causal_mask, padding_mask
//   cross_entropy.h cross-entropy with label smoothing and ignored targets
//   topk.h          topk / argmax (Tensor only)
//   packed_weight.h inference GEMM on weights packed once into oneDNN's layout (Tensor only)
//   quantized.h     int8 matmul for inference (Tensor only)
#include "ops/activation.h"
#include "ops/attention.h"
#include "ops/binary.h"
#include "ops/cross_entropy.h"
#include "ops/decode_attention.h"
#include "ops/dropout.h"
#include "ops/embedding.h"
#include "ops/layer_norm.h"
#include "ops/lstm.h"
#include "ops/mask.h"
#include "ops/matmul.h"
#include "ops/operators.h"
#include "ops/packed_weight.h"
#include "ops/quantized.h"
#include "ops/reduce.h"
#include "ops/shape.h"
#include "ops/softmax.h"
#include "ops/topk.h"
