#pragma once
// Elementwise add / sub / mul / div with numpy-style broadcasting (oneDNN binary), and scalar
// variants. Gradients of broadcast operands are summed back to their shapes.
#include "autograd/var.h"
#include "tensor/tensor.h"

namespace tolmach::ops {

Shape broadcast_shape(const Shape& a, const Shape& b);

Tensor add(const Tensor& a, const Tensor& b);
Tensor sub(const Tensor& a, const Tensor& b);
Tensor mul(const Tensor& a, const Tensor& b);
Tensor div(const Tensor& a, const Tensor& b);
Tensor scale(const Tensor& a, float s);  // s * a
Tensor add_scalar(const Tensor& a, float s);

Var add(const Var& a, const Var& b);
Var sub(const Var& a, const Var& b);
Var mul(const Var& a, const Var& b);
Var div(const Var& a, const Var& b);
Var scale(const Var& a, float s);
Var add_scalar(const Var& a, float s);

}  // namespace tolmach::ops
