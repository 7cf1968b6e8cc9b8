#pragma once
// Reverse-mode autograd on a dynamically recorded graph.
//
// A Var is a shared handle to a Node: a value Tensor, its gradient (f32, same shape, created
// on first use) and, for op results, the inputs and a backward closure. Ops build their
// result with Var::make(value, inputs, backward_fn); when grad mode is off or no input needs
// a gradient, nothing is recorded. loss.backward() visits the graph in reverse topological
// order, calling each closure with the gradient of that node's output; the closure adds the
// gradients of the inputs with input.add_grad(g).
//
//   Var w = Var::param(Tensor::from_vector({3, 2}, {...}));  // leaf that keeps its gradient
//   Var x(Tensor::from_vector({4, 3}, {...}));               // constant input
//   Var loss = ops::sum(ops::relu(ops::matmul(x, w)));
//   loss.backward();             // w.grad() now holds d loss / d w
//   w.zero_grad();               // before the next step (optimisers do this)
//
//   { NoGradGuard ng; Var y = ops::matmul(x, w); }  // inference: no graph, no saved tensors
//
// After backward() the graph is freed (saved tensors, intermediate gradients); only leaves
// keep .grad(). See lib/autograd/README.md for writing a new op.
#include <functional>
#include <memory>
#include <vector>

#include "tensor/tensor.h"

namespace tolmach {

struct Node;
using BackwardFn = std::function<void(const Tensor& grad_out)>;

class Var {
 public:
  Var() = default;
  explicit Var(Tensor value, bool requires_grad = false);
  static Var param(Tensor value) { return Var(std::move(value), true); }

  // Result of an op. `backward` receives d(loss)/d(value) and must call add_grad on the
  // inputs that requires_grad(). It must not capture the result Var itself (that would be a
  // reference cycle); capture inputs and the saved tensors it needs.
  static Var make(Tensor value, const std::vector<Var>& inputs, BackwardFn backward);

  bool defined() const { return node_ != nullptr; }
  // The same value as a constant: gradients stop here (e.g. truncated backpropagation).
  Var detach() const { return Var(value()); }
  const Tensor& value() const;
  Tensor& mutable_value();  // optimisers update parameters in place
  const Tensor& grad() const;
  bool requires_grad() const;
  const Shape& shape() const { return value().shape(); }
  int64_t dim(int d) const { return value().dim(d); }
  int ndim() const { return value().ndim(); }

  // Accumulates g into grad (no-op if !requires_grad()). The first gradient adopts g's
  // buffer instead of copying when nothing else can see it: a fresh tensor passed with
  // std::move, or (a reshape of) the output gradient handed to the running closure.
  // Never modify the grad_out a closure receives.
  void add_grad(Tensor g) const;
  // Accumulates g into the slice [start, start + g.dim(dim)) of the gradient along dim
  // (for slice / split / select backward: no full-size temporary).
  void add_grad_slice(int dim, int64_t start, const Tensor& g) const;
  void zero_grad() const;  // drops the gradient (next add_grad starts from zero)

  // Backpropagates from this Var. `seed` defaults to 1 and is required for non-scalars.
  void backward(Tensor seed = Tensor()) const;

  Node* node() const { return node_.get(); }

 private:
  std::shared_ptr<Node> node_;
};

struct Node {
  Tensor value;
  Tensor grad;
  bool requires_grad = false;
  std::vector<std::shared_ptr<Node>> inputs;  // empty for leaves
  BackwardFn backward;                         // null for leaves
};

// Grad mode is per thread; on by default.
bool grad_enabled();
class NoGradGuard {
 public:
  NoGradGuard();
  ~NoGradGuard();
  NoGradGuard(const NoGradGuard&) = delete;
  NoGradGuard& operator=(const NoGradGuard&) = delete;

 private:
  bool prev_;
};

}  // namespace tolmach
