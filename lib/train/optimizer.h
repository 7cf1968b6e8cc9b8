#pragma once
// Adam / AdamW over a list of parameters, and gradient clipping by global norm.
//
//   Adam opt(params, {.beta2 = 0.98f, .weight_decay = 0.01f, .decoupled = true});  // AdamW
//   loss.backward();
//   float norm = clip_grad_norm(params, 1.0f);
//   opt.step(schedule.at(opt.steps() + 1));   // updates in place, then clears the gradients
//
// Parameters without a gradient this step are left alone. The moments are exposed for
// checkpoints (state() / set_state()).
#include <cstdint>
#include <vector>

#include "autograd/var.h"

namespace tolmach {

struct AdamOptions {
  float beta1 = 0.9f;
  float beta2 = 0.999f;
  float eps = 1e-8f;
  float weight_decay = 0.f;
  bool decoupled = true;  // true: AdamW (decay applied to weights); false: L2 added to gradient
};

class Adam {
 public:
  Adam(std::vector<Var> params, AdamOptions opts = {});

  // One update with learning rate lr; then zero_grad().
  void step(float lr);
  void zero_grad();
  int64_t steps() const { return step_; }
  const std::vector<Var>& params() const { return params_; }

  struct State {
    int64_t step = 0;
    std::vector<Tensor> m, v;  // one per parameter, same shapes
  };
  const State state() const { return {step_, m_, v_}; }
  void set_state(const State& s);  // checks shapes

 private:
  std::vector<Var> params_;
  AdamOptions opts_;
  std::vector<Tensor> m_, v_;
  int64_t step_ = 0;
};

// Global L2 norm of all gradients (computed in double); if above max_norm, scales every
// gradient by max_norm / norm. Returns the norm before clipping. max_norm <= 0: no clip.
float clip_grad_norm(const std::vector<Var>& params, float max_norm);

}  // namespace tolmach
