#pragma once
// LSTM over a padded batch of variable-length sequences (oneDNN lstm_forward / lstm_backward),
// uni- or bidirectional, one layer (stack layers in nn::LSTM).
//
//   x        [B, T, I]   batch-major input; positions t >= lengths[b] are padding
//   lengths  B entries in [0, T]
//   w_layer  [1, D, I, 4, H]  oneDNN ldigo layout, gates in order i, f, g (cell), o
//   w_iter   [1, D, H, 4, H]  ldigo
//   bias     [1, D, 4, H]     ldgo
//   h0, c0   [D, B, H] initial states (optional: zeros)
// returns
//   y        [B, T, D*H]  outputs, directions concatenated (forward first); zero at padding
//   h, c     [D, B, H]    final states at each sequence's true last step (for the reverse
//                         direction: after reading position 0), as in PyTorch
//
// Padding never leaks: each direction runs left-to-right over its own copy of the input
// (the reverse direction over each sequence's valid prefix reversed), in time segments cut
// at the distinct lengths, so each sequence's final states are read where it ends. Gradients
// at padded positions are zero and padded input values never reach any gradient.
// oneDNN's backward wants weights in ldgoi: they are reordered once per backward call (cached
// reorder primitive); the forward runs on the ldigo weights as stored.
#include <cstdint>
#include <vector>

#include "autograd/var.h"

namespace tolmach::ops {

struct LstmOutput {
  Var y, h, c;
};

LstmOutput lstm(const Var& x, const std::vector<int64_t>& lengths, const Var& w_layer, const Var& w_iter,
                const Var& bias, const Var& h0 = Var(), const Var& c0 = Var());

struct LstmState {
  Var h, c;  // [B, H]
};

// One LSTM step for decoders that feed their own output back (input feeding):
// x [B, I], state h, c [B, H]; unidirectional weights [1, 1, ...] as above (same math as
// lstm(); runs on matmul + a fused elementwise kernel, no weight reorder per step).
LstmState lstm_cell(const Var& x, const LstmState& state, const Var& w_layer, const Var& w_iter,
                    const Var& bias);

}  // namespace tolmach::ops
