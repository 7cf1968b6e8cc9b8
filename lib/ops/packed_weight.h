#pragma once
// Inference GEMM with a constant right-hand side: y[M, N] = a[M, K] w[K, N] (+ bias).
//
// oneDNN's GEMM kernels read the weights in a blocked layout of their own (for s8 also
// interleaved four rows at a time for VNNI). Handed a plain matrix
// they repack it on every call, which for a decoder's small M costs as much as the product;
// pack_weight() does it once. Tensor-level only: no gradient, and a snapshot of w.
#include <dnnl.hpp>

#include "tensor/tensor.h"

namespace tolmach::ops {

// One copy of the weights: `plain` when oneDNN takes them as they are, else `packed` alone.
struct PackedWeight {
  Tensor plain;                  // [K, N] f32, bf16 or i8, as given (may be a view); or undefined
  Tensor packed;                 // oneDNN's layout as opaque bytes; undefined if it wants plain
  dnnl::memory::desc plain_md;   // [K, N] plain (its dims and type, also when only packed is kept)
  dnnl::memory::desc packed_md;  // the packed layout

  bool defined() const { return plain.defined() || packed.defined(); }
  int64_t rows() const { return plain_md.dims()[0]; }
  int64_t cols() const { return plain_md.dims()[1]; }
  DType dtype() const;
  Tensor unpacked() const;  // [K, N] plain: `plain`, or the packed bytes reordered back
};

PackedWeight pack_weight(const Tensor& w);

// c <- a w (+ bias f32 [N]). a: [M, K] contiguous, f32 or bf16 as w (writing f32 c), or u8
// for i8 w (writing i32 c, without bias). Falls back to the plain weights for an M no kernel
// takes the packed ones at. On a CPU without bf16 kernels, bf16 weights are packed as f32
// and bf16 inputs widened: the same products, in f32 arithmetic.
void matmul_packed(const Tensor& a, const PackedWeight& w, Tensor& c, const Tensor& bias = Tensor());

}  // namespace tolmach::ops
