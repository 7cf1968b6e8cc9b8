#include "tensor/tensor.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "tensor/allocator.h"
#include "tensor/engine.h"

namespace tolmach {

int64_t shape_numel(const Shape& s) {
  int64_t n = 1;
  for (int64_t d : s) n *= d;
  return n;
}

std::string shape_str(const Shape& s) {
  std::ostringstream o;
  o << '[';
  for (size_t i = 0; i < s.size(); ++i) o << (i ? "," : "") << s[i];
  o << ']';
  return o.str();
}

Shape contiguous_strides(const Shape& s) {
  Shape st(s.size());
  int64_t acc = 1;
  for (int i = static_cast<int>(s.size()) - 1; i >= 0; --i) {
    st[i] = acc;
    acc *= s[i];
  }
  return st;
}

Tensor Tensor::empty(const Shape& shape, DType dtype) {
  for (int64_t d : shape) TOLMACH_CHECK(d >= 0, "negative dimension in " + shape_str(shape));
  Tensor t;
  t.storage_ = allocate_storage(static_cast<size_t>(shape_numel(shape)) * dtype_size(dtype));
  t.shape_ = shape;
  t.strides_ = contiguous_strides(shape);
  t.dtype_ = dtype;
  return t;
}

Tensor Tensor::zeros(const Shape& shape, DType dtype) {
  Tensor t = empty(shape, dtype);
  std::memset(t.raw(), 0, static_cast<size_t>(t.numel()) * dtype_size(dtype));
  return t;
}

Tensor Tensor::full(const Shape& shape, float value) {
  Tensor t = empty(shape);
  t.fill(value);
  return t;
}

Tensor Tensor::from_vector(const Shape& shape, const std::vector<float>& values) {
  TOLMACH_CHECK(static_cast<int64_t>(values.size()) == shape_numel(shape),
                "from_vector: " + std::to_string(values.size()) + " values for shape " + shape_str(shape));
  Tensor t = empty(shape);
  std::memcpy(t.raw(), values.data(), values.size() * 4);
  return t;
}

Tensor Tensor::from_ids(const Shape& shape, const std::vector<int32_t>& ids) {
  TOLMACH_CHECK(static_cast<int64_t>(ids.size()) == shape_numel(shape),
                "from_ids: " + std::to_string(ids.size()) + " ids for shape " + shape_str(shape));
  Tensor t = empty(shape, DType::i32);
  std::memcpy(t.raw(), ids.data(), ids.size() * 4);
  return t;
}

int Tensor::norm_dim(int d) const {
  int n = ndim();
  int r = d < 0 ? d + n : d;
  TOLMACH_CHECK(r >= 0 && r < n, "dimension " + std::to_string(d) + " out of range for " + str());
  return r;
}

bool Tensor::is_contiguous() const {
  int64_t acc = 1;
  for (int i = ndim() - 1; i >= 0; --i) {
    if (shape_[i] != 1 && strides_[i] != acc) return false;
    acc *= shape_[i];
  }
  return true;
}

std::string Tensor::str() const { return std::string(dtype_name(dtype_)) + shape_str(shape_); }

Tensor Tensor::transpose(int d0, int d1) const {
  Tensor t = *this;
  int a = norm_dim(d0), b = norm_dim(d1);
  std::swap(t.shape_[a], t.shape_[b]);
  std::swap(t.strides_[a], t.strides_[b]);
  return t;
}

Tensor Tensor::permute(const std::vector<int>& order) const {
  TOLMACH_CHECK(static_cast<int>(order.size()) == ndim(), "permute: order size != ndim for " + str());
  Tensor t = *this;
  std::vector<bool> seen(ndim(), false);
  for (int i = 0; i < ndim(); ++i) {
    int d = norm_dim(order[i]);
    TOLMACH_CHECK(!seen[d], "permute: repeated dimension");
    seen[d] = true;
    t.shape_[i] = shape_[d];
    t.strides_[i] = strides_[d];
  }
  return t;
}

Tensor Tensor::slice(int d, int64_t start, int64_t end) const {
  int a = norm_dim(d);
  TOLMACH_CHECK(0 <= start && start <= end && end <= shape_[a],
                "slice [" + std::to_string(start) + "," + std::to_string(end) + ") of dim " +
                    std::to_string(d) + " of " + str());
  Tensor t = *this;
  t.offset_ += start * strides_[a];
  t.shape_[a] = end - start;
  return t;
}

Tensor Tensor::reinterpret(DType dtype) const {
  TOLMACH_CHECK(dtype_size(dtype) == dtype_size(dtype_), "reinterpret " + str() + " as " + dtype_name(dtype));
  Tensor t = *this;
  t.dtype_ = dtype;
  return t;
}

Tensor Tensor::select(int d, int64_t index) const {
  int a = norm_dim(d);
  TOLMACH_CHECK(0 <= index && index < shape_[a], "select index out of range for " + str());
  Tensor t = *this;
  t.offset_ += index * strides_[a];
  t.shape_.erase(t.shape_.begin() + a);
  t.strides_.erase(t.strides_.begin() + a);
  return t;
}

Tensor Tensor::unsqueeze(int d) const {
  int a = d < 0 ? d + ndim() + 1 : d;
  TOLMACH_CHECK(a >= 0 && a <= ndim(), "unsqueeze dimension out of range for " + str());
  Tensor t = *this;
  int64_t st = a < ndim() ? strides_[a] * shape_[a] : 1;
  t.shape_.insert(t.shape_.begin() + a, 1);
  t.strides_.insert(t.strides_.begin() + a, st);
  return t;
}

Tensor Tensor::squeeze(int d) const {
  int a = norm_dim(d);
  TOLMACH_CHECK(shape_[a] == 1, "squeeze of a dimension that is not 1 in " + str());
  Tensor t = *this;
  t.shape_.erase(t.shape_.begin() + a);
  t.strides_.erase(t.strides_.begin() + a);
  return t;
}

static Shape infer_shape(Shape shape, int64_t numel, const std::string& what) {
  int infer = -1;
  int64_t known = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == -1) {
      TOLMACH_CHECK(infer < 0, "view: more than one -1");
      infer = static_cast<int>(i);
    } else {
      known *= shape[i];
    }
  }
  if (infer >= 0) {
    TOLMACH_CHECK(known > 0 && numel % known == 0, "view: cannot infer -1 for " + what);
    shape[infer] = numel / known;
  }
  TOLMACH_CHECK(shape_numel(shape) == numel, "view " + shape_str(shape) + " of " + what);
  return shape;
}

Tensor Tensor::view(const Shape& shape) const {
  TOLMACH_CHECK(is_contiguous(), "view of non-contiguous " + str() + " (use reshape)");
  Tensor t = *this;
  t.shape_ = infer_shape(shape, numel(), str());
  t.strides_ = contiguous_strides(t.shape_);
  return t;
}

Tensor Tensor::expand(const Shape& shape) const {
  TOLMACH_CHECK(static_cast<int>(shape.size()) >= ndim(), "expand " + str() + " to " + shape_str(shape));
  Tensor t = *this;
  size_t lead = shape.size() - shape_.size();
  t.shape_ = shape;
  t.strides_.assign(shape.size(), 0);
  for (size_t i = 0; i < shape_.size(); ++i) {
    size_t j = i + lead;
    if (shape_[i] == shape[j]) {
      t.strides_[j] = strides_[i];
    } else {
      TOLMACH_CHECK(shape_[i] == 1, "expand " + str() + " to " + shape_str(shape));
    }
  }
  return t;
}

Tensor Tensor::reshape(const Shape& shape) const {
  return is_contiguous() ? view(shape) : contiguous().view(shape);
}

Tensor Tensor::contiguous() const { return is_contiguous() ? *this : clone(); }

Tensor Tensor::clone() const {
  Tensor t = empty(shape_, dtype_);
  t.copy_from(*this);
  return t;
}

Tensor Tensor::to(DType dtype) const {
  if (dtype == dtype_) return *this;
  Tensor t = empty(shape_, dtype);
  t.copy_from(*this);
  return t;
}

namespace {

// Visits every element of `shape` with the element offsets into two strided layouts.
template <class F>
void for_each2(const Shape& shape, const Shape& sa, const Shape& sb, F&& f) {
  int n = static_cast<int>(shape.size());
  if (shape_numel(shape) == 0) return;
  if (n == 0) {
    f(0, 0);
    return;
  }
  std::vector<int64_t> idx(n, 0);
  int64_t inner = shape[n - 1], ia = sa[n - 1], ib = sb[n - 1];
  int64_t oa = 0, ob = 0;
  while (true) {
    for (int64_t i = 0; i < inner; ++i) f(oa + i * ia, ob + i * ib);
    int d = n - 2;
    for (; d >= 0; --d) {
      oa += sa[d];
      ob += sb[d];
      if (++idx[d] < shape[d]) break;
      oa -= sa[d] * shape[d];
      ob -= sb[d] * shape[d];
      idx[d] = 0;
    }
    if (d < 0) return;
  }
}

template <class To, class From>
To convert(From v) {
  if constexpr (std::is_same_v<To, int8_t>) {
    float f = std::nearbyint(static_cast<float>(v));
    return static_cast<int8_t>(f < -128.f ? -128.f : (f > 127.f ? 127.f : f));
  } else if constexpr (std::is_same_v<To, uint8_t>) {
    float f = std::nearbyint(static_cast<float>(v));
    return static_cast<uint8_t>(f < 0.f ? 0.f : (f > 255.f ? 255.f : f));
  } else if constexpr (std::is_same_v<To, int32_t>) {
    return static_cast<int32_t>(std::nearbyint(static_cast<float>(v)));
  } else {
    return To(static_cast<float>(v));
  }
}

template <class To, class From>
void copy_typed(const Tensor& dst, const Tensor& src) {
  To* d = static_cast<To*>(dst.raw());
  const From* s = static_cast<const From*>(src.raw());
  if (dst.is_contiguous() && src.is_contiguous()) {
    int64_t n = dst.numel();
    if constexpr (std::is_same_v<To, From>) {
      std::memcpy(d, s, static_cast<size_t>(n) * sizeof(To));
    } else {
      for (int64_t i = 0; i < n; ++i) d[i] = convert<To>(s[i]);
    }
    return;
  }
  for_each2(dst.shape(), dst.strides(), src.strides(),
            [&](int64_t od, int64_t os) { d[od] = convert<To>(s[os]); });
}

template <class To>
void copy_to(const Tensor& dst, const Tensor& src) {
  switch (src.dtype()) {
    case DType::f32: return copy_typed<To, float>(dst, src);
    case DType::bf16: return copy_typed<To, bf16>(dst, src);
    case DType::i8: return copy_typed<To, int8_t>(dst, src);
    case DType::u8: return copy_typed<To, uint8_t>(dst, src);
    case DType::i32: return copy_typed<To, int32_t>(dst, src);
  }
}

}  // namespace

namespace {

// Offset of row r (an index over every dim but the last, row-major) in a strided layout.
int64_t row_offset(const Shape& shape, const Shape& strides, int64_t r) {
  int64_t offset = 0;
  for (int d = static_cast<int>(shape.size()) - 2; d >= 0; --d) {
    offset += r % shape[d] * strides[d];
    r /= shape[d];
  }
  return offset;
}

bool has_broadcast_stride(const Tensor& t) {
  for (int i = 0; i < t.ndim(); ++i)
    if (t.dim(i) > 1 && t.stride(i) == 0) return true;
  return false;
}

}  // namespace

void Tensor::copy_from(const Tensor& src) {
  TOLMACH_CHECK(src.shape() == shape_, "copy_from " + src.str() + " into " + str());
  bool plain = src.dtype() == dtype_ && src.is_contiguous() && is_contiguous();
  // Large strided copies (transposes) and conversions go through oneDNN's reorder, which
  // tiles for the cache (a plain loop over a transposed source is ~10x slower).
  if (!plain && numel() >= 4096 && ndim() <= 6 && !has_broadcast_stride(src) && !has_broadcast_stride(*this)) {
    reorder(src, *this);
    return;
  }
  switch (dtype_) {
    case DType::f32: return copy_to<float>(*this, src);
    case DType::bf16: return copy_to<bf16>(*this, src);
    case DType::i8: return copy_to<int8_t>(*this, src);
    case DType::u8: return copy_to<uint8_t>(*this, src);
    case DType::i32: return copy_to<int32_t>(*this, src);
  }
}

void Tensor::fill(float value) {
  if (dtype_ == DType::f32 && is_contiguous()) {
    std::fill_n(static_cast<float*>(raw()), numel(), value);
    return;
  }
  Tensor one = empty({}, DType::f32);
  *static_cast<float*>(one.raw()) = value;
  copy_from(one.expand(shape_));
}

void Tensor::zero() {
  if (is_contiguous()) {
    std::memset(raw(), 0, static_cast<size_t>(numel()) * dtype_size(dtype_));
  } else {
    fill(0.f);
  }
}

void Tensor::add_(const Tensor& src0) {
  TOLMACH_CHECK(src0.shape() == shape_, "add_ " + src0.str() + " into " + str());
  TOLMACH_CHECK(dtype_ == DType::f32, "add_ into " + str());
  Tensor src = src0.to(DType::f32);
  float* d = static_cast<float*>(raw());
  const float* s = static_cast<const float*>(src.raw());
  if (is_contiguous() && src.is_contiguous()) {
    int64_t n = numel();
    parallel_for(n, n, [&](int64_t begin, int64_t end) {
#pragma omp simd
      for (int64_t i = begin; i < end; ++i) d[i] += s[i];
    }, 32768);
    return;
  }
  if (ndim() > 0 && stride(-1) == 1 && src.stride(-1) == 1) {
    // Rows contiguous on both sides (slices of a fused projection's gradient, bias sums into a
    // broadcast view): one vectorised loop per row; rows in parallel unless they alias.
    const int64_t inner = shape_.back(), rows = inner ? numel() / inner : 0;
    auto add_rows = [&](int64_t begin, int64_t end) {
      for (int64_t r = begin; r < end; ++r) {
        float* dr = d + row_offset(shape_, strides_, r);
        const float* sr = s + row_offset(shape_, src.strides(), r);
#pragma omp simd
        for (int64_t i = 0; i < inner; ++i) dr[i] += sr[i];
      }
    };
    if (has_broadcast_stride(*this)) add_rows(0, rows);
    else parallel_for(rows, numel(), add_rows, 32768);
    return;
  }
  for_each2(shape_, strides_, src.strides(), [&](int64_t od, int64_t os) { d[od] += s[os]; });
}

float Tensor::item() const {
  TOLMACH_CHECK(numel() == 1, "item() of " + str());
  return to_vector()[0];
}

std::vector<float> Tensor::to_vector() const {
  Tensor f = to(DType::f32).contiguous();
  const float* p = static_cast<const float*>(f.raw());
  return std::vector<float>(p, p + f.numel());
}

float Tensor::at(const std::vector<int64_t>& index) const {
  TOLMACH_CHECK(static_cast<int>(index.size()) == ndim(), "at(): index rank != ndim for " + str());
  int64_t off = 0;
  for (int i = 0; i < ndim(); ++i) {
    TOLMACH_CHECK(index[i] >= 0 && index[i] < shape_[i], "at(): index out of range for " + str());
    off += index[i] * strides_[i];
  }
  Tensor t = *this;
  t.offset_ += off;
  t.shape_.clear();
  t.strides_.clear();
  return t.item();
}

}  // namespace tolmach
