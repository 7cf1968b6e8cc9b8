#include "ops/shape.h"

namespace tolmach::ops {

Var reshape(const Var& x, const Shape& shape) {
  Shape s = x.shape();
  return Var::make(x.value().reshape(shape), {x}, [x, s](const Tensor& g) { x.add_grad(g.reshape(s)); });
}

Var transpose(const Var& x, int d0, int d1) {
  return Var::make(x.value().transpose(d0, d1), {x}, [x, d0, d1](const Tensor& g) { x.add_grad(g.transpose(d0, d1)); });
}

Var permute(const Var& x, const std::vector<int>& order) {
  Tensor y = x.value().permute(order);
  std::vector<int> inverse(order.size());
  for (size_t i = 0; i < order.size(); ++i) inverse[order[i] < 0 ? order[i] + order.size() : order[i]] = static_cast<int>(i);
  return Var::make(y, {x}, [x, inverse](const Tensor& g) { x.add_grad(g.permute(inverse)); });
}

Var slice(const Var& x, int dim, int64_t start, int64_t end) {
  return Var::make(x.value().slice(dim, start, end), {x},
                   [x, dim, start](const Tensor& g) { x.add_grad_slice(dim, start, g); });
}

Var select(const Var& x, int dim, int64_t index) {
  int d = dim < 0 ? dim + x.ndim() : dim;
  return Var::make(x.value().select(d, index), {x},
                   [x, d, index](const Tensor& g) { x.add_grad_slice(d, index, g.unsqueeze(d)); });
}

Var unsqueeze(const Var& x, int dim) {
  Shape s = x.shape();
  return Var::make(x.value().unsqueeze(dim), {x}, [x, s](const Tensor& g) { x.add_grad(g.reshape(s)); });
}

Var squeeze(const Var& x, int dim) {
  Shape s = x.shape();
  return Var::make(x.value().squeeze(dim), {x}, [x, s](const Tensor& g) { x.add_grad(g.reshape(s)); });
}

Var contiguous(const Var& x) {
  if (x.value().is_contiguous()) return x;
  return Var::make(x.value().contiguous(), {x}, [x](const Tensor& g) { x.add_grad(g); });
}

Tensor concat(const std::vector<Tensor>& xs, int dim) {
  TOLMACH_CHECK(!xs.empty(), "concat of nothing");
  int n = xs[0].ndim();
  int d = dim < 0 ? dim + n : dim;
  TOLMACH_CHECK(d >= 0 && d < n, "concat dim " + std::to_string(dim) + " for " + xs[0].str());
  Shape out = xs[0].shape();
  out[d] = 0;
  for (const Tensor& x : xs) {
    TOLMACH_CHECK(x.ndim() == n, "concat of " + xs[0].str() + " and " + x.str());
    for (int i = 0; i < n; ++i)
      TOLMACH_CHECK(i == d || x.dim(i) == xs[0].dim(i), "concat of " + xs[0].str() + " and " + x.str());
    out[d] += x.dim(d);
  }
  Tensor y = Tensor::empty(out);
  int64_t at = 0;
  for (const Tensor& x : xs) {
    y.slice(d, at, at + x.dim(d)).copy_from(x);
    at += x.dim(d);
  }
  return y;
}

Var concat(const std::vector<Var>& xs, int dim) {
  std::vector<Tensor> vals;
  for (const Var& x : xs) vals.push_back(x.value());
  Tensor y = concat(vals, dim);
  int d = dim < 0 ? dim + y.ndim() : dim;
  return Var::make(y, xs, [xs, d](const Tensor& g) {
    int64_t at = 0;
    for (const Var& x : xs) {
      int64_t len = x.dim(d);
      if (x.requires_grad()) x.add_grad(g.slice(d, at, at + len));
      at += len;
    }
  });
}

Var stack(const std::vector<Var>& xs, int dim) {
  std::vector<Var> us;
  for (const Var& x : xs) us.push_back(unsqueeze(x, dim));
  return concat(us, dim);
}

std::vector<Var> split(const Var& x, const std::vector<int64_t>& sizes, int dim) {
  int d = dim < 0 ? dim + x.ndim() : dim;
  int64_t total = 0;
  for (int64_t s : sizes) total += s;
  TOLMACH_CHECK(total == x.dim(d), "split sizes do not add up to dim " + std::to_string(dim) + " of " + x.value().str());
  std::vector<Var> out;
  int64_t at = 0;
  for (int64_t s : sizes) {
    out.push_back(slice(x, d, at, at + s));
    at += s;
  }
  return out;
}

}  // namespace tolmach::ops
