#include "autograd/var.h"

#include <unordered_set>

namespace tolmach {

namespace {
thread_local bool g_grad_enabled = true;
// The output gradient whose backward closure is running (see add_grad).
thread_local const Tensor* g_current_grad = nullptr;
}

bool grad_enabled() { return g_grad_enabled; }
NoGradGuard::NoGradGuard() : prev_(g_grad_enabled) { g_grad_enabled = false; }
NoGradGuard::~NoGradGuard() { g_grad_enabled = prev_; }

Var::Var(Tensor value, bool requires_grad) : node_(std::make_shared<Node>()) {
  TOLMACH_CHECK(!requires_grad || value.dtype() == DType::f32, "parameters must be f32, got " + value.str());
  node_->value = std::move(value);
  node_->requires_grad = requires_grad;
}

Var Var::make(Tensor value, const std::vector<Var>& inputs, BackwardFn backward) {
  Var out(std::move(value));
  if (!g_grad_enabled) return out;
  bool any = false;
  for (const Var& v : inputs) any = any || (v.defined() && v.requires_grad());
  if (!any) return out;
  out.node_->requires_grad = true;
  for (const Var& v : inputs)
    if (v.defined() && v.requires_grad()) out.node_->inputs.push_back(v.node_);
  out.node_->backward = std::move(backward);
  return out;
}

const Tensor& Var::value() const {
  TOLMACH_CHECK(node_, "value() of an undefined Var");
  return node_->value;
}
Tensor& Var::mutable_value() {
  TOLMACH_CHECK(node_, "value() of an undefined Var");
  return node_->value;
}
const Tensor& Var::grad() const {
  TOLMACH_CHECK(node_, "grad() of an undefined Var");
  return node_->grad;
}
bool Var::requires_grad() const { return node_ && node_->requires_grad; }


void Var::add_grad(Tensor g) const {
  if (!requires_grad()) return;
  Node& n = *node_;
  TOLMACH_CHECK(g.shape() == n.value.shape(), "gradient " + g.str() + " for value " + n.value.str());
  if (!n.grad.defined()) {
    // Adopt the buffer instead of copying when nobody else can see it: a fresh tensor, or
    // (a reshape of) the output gradient being back-propagated, which backward() drops
    // right after this closure. Otherwise copy.
    bool whole = g.dtype() == DType::f32 && g.is_contiguous() && g.offset() == 0;
    bool fresh = g.storage_unique();
    bool handed_down = g_current_grad && g.shares_storage(*g_current_grad) && g.storage_use_count() == 2 &&
                       g.numel() == g_current_grad->numel();
    n.grad = whole && (fresh || handed_down) ? std::move(g) : g.to(DType::f32).clone();
    return;
  }
  n.grad.add_(g);
}

void Var::add_grad_slice(int dim, int64_t start, const Tensor& g) const {
  if (!requires_grad()) return;
  Node& n = *node_;
  if (!n.grad.defined()) n.grad = Tensor::zeros(n.value.shape());
  int d = dim < 0 ? dim + n.value.ndim() : dim;
  n.grad.slice(d, start, start + g.dim(d)).add_(g);
}

void Var::zero_grad() const {
  if (node_) node_->grad = Tensor();
}

void Var::backward(Tensor seed) const {
  TOLMACH_CHECK(node_, "backward() of an undefined Var");
  if (!node_->requires_grad) return;  // nothing to do: no parameter reached this value
  if (!seed.defined()) {
    TOLMACH_CHECK(node_->value.numel() == 1, "backward() without a seed needs a scalar, got " + node_->value.str());
    seed = Tensor::full(node_->value.shape(), 1.f);
  }
  // Topological order by iterative depth-first search (post-order).
  // `order` owns the nodes: freeing the graph below must not delete a node still to visit.
  std::vector<std::shared_ptr<Node>> order;
  std::unordered_set<Node*> seen;
  std::vector<std::pair<std::shared_ptr<Node>, size_t>> stack{{node_, 0}};
  seen.insert(node_.get());
  while (!stack.empty()) {
    Node* n = stack.back().first.get();
    size_t& i = stack.back().second;
    if (i < n->inputs.size()) {
      std::shared_ptr<Node> c = n->inputs[i++];
      if (seen.insert(c.get()).second) stack.push_back({std::move(c), 0});
    } else {
      order.push_back(std::move(stack.back().first));
      stack.pop_back();
    }
  }
  add_grad(std::move(seed));
  NoGradGuard no_grad;
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    Node* n = it->get();
    if (!n->backward) continue;  // leaf: keeps its gradient
    if (n->grad.defined()) {
      Tensor g = std::move(n->grad);  // the only owner, so an input may adopt it
      struct Current {
        explicit Current(const Tensor* t) { g_current_grad = t; }
        ~Current() { g_current_grad = nullptr; }
      } current(&g);
      n->backward(g);
    }
    // Free the graph as we go: saved tensors, intermediate gradients.
    n->backward = nullptr;
    n->inputs.clear();
    n->grad = Tensor();
  }
}

}  // namespace tolmach
