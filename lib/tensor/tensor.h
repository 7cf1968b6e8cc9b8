#pragma once
// Tensor: an n-dimensional strided view over shared, 64-byte aligned storage.
//
//   Tensor x = Tensor::zeros({2, 3});            // f32 by default
//   Tensor w = Tensor::from_vector({3, 4}, vals); // copies vals (row-major)
//   Tensor t = w.transpose(0, 1);                 // view: same storage, swapped strides
//   Tensor r = x.slice(1, 0, 2);                  // view: columns 0..1
//   float* p = x.contiguous().data<float>();      // raw access (contiguous() copies only if needed)
//
// Views share storage, so writing through one is visible through the other. Copies happen
// only in contiguous(), clone(), to() and reshape() of a non-contiguous view. Strides and
// offsets are in elements. A default-constructed Tensor is "undefined" (defined() == false).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/check.h"
#include "tensor/dtype.h"

namespace tolmach {

using Shape = std::vector<int64_t>;

int64_t shape_numel(const Shape& s);
std::string shape_str(const Shape& s);
Shape contiguous_strides(const Shape& s);

class Tensor {
 public:
  Tensor() = default;

  // Factories. empty() leaves memory uninitialised.
  static Tensor empty(const Shape& shape, DType dtype = DType::f32);
  static Tensor zeros(const Shape& shape, DType dtype = DType::f32);
  static Tensor full(const Shape& shape, float value);
  static Tensor from_vector(const Shape& shape, const std::vector<float>& values);
  static Tensor from_ids(const Shape& shape, const std::vector<int32_t>& ids);
  static Tensor scalar(float value) { return full({}, value); }

  bool defined() const { return storage_ != nullptr; }
  DType dtype() const { return dtype_; }
  const Shape& shape() const { return shape_; }
  const Shape& strides() const { return strides_; }
  int ndim() const { return static_cast<int>(shape_.size()); }
  int64_t dim(int d) const { return shape_[norm_dim(d)]; }
  int64_t stride(int d) const { return strides_[norm_dim(d)]; }
  int64_t numel() const { return shape_numel(shape_); }
  int64_t offset() const { return offset_; }
  bool is_contiguous() const;
  std::string str() const;  // "f32[2,3]"

  // Raw element pointer (at this view's offset). data<T>() checks T against dtype().
  void* raw() const { return static_cast<char*>(storage_.get()) + offset_ * dtype_size(dtype_); }
  template <class T> T* data() const {
    TOLMACH_CHECK(dtype_of<T>::value == dtype_, "data<" + std::string(dtype_name(dtype_of<T>::value)) +
                                                    ">() on a " + str() + " tensor");
    return static_cast<T*>(raw());
  }

  // Views (no copy). Negative dims count from the end.
  Tensor transpose(int d0, int d1) const;
  Tensor permute(const std::vector<int>& order) const;
  Tensor slice(int d, int64_t start, int64_t end) const;  // [start, end) along d
  Tensor select(int d, int64_t index) const;              // drops dimension d
  Tensor unsqueeze(int d) const;
  Tensor squeeze(int d) const;
  Tensor view(const Shape& shape) const;     // must be contiguous; one dim may be -1
  Tensor expand(const Shape& shape) const;   // broadcast size-1 dims with stride 0 (read-only use)
  Tensor reinterpret(DType dtype) const;     // the same bytes as another dtype of the same size

  // Copies when needed.
  Tensor reshape(const Shape& shape) const;  // view if contiguous, else contiguous().view()
  Tensor contiguous() const;                 // *this when already contiguous
  Tensor clone() const;                      // always a fresh contiguous copy
  Tensor to(DType dtype) const;              // f32 <-> bf16 / i8 / i32 conversion (i8: saturating round)

  // In place.
  void copy_from(const Tensor& src);  // same shape; any strides; converts dtype
  void fill(float value);
  void zero();
  void add_(const Tensor& src);  // this += src; f32 destination, same shape, any strides

  float item() const;                    // single-element tensor -> float
  std::vector<float> to_vector() const;  // row-major values as f32
  float at(const std::vector<int64_t>& index) const;

  // True when no other Tensor shares this storage (lets autograd adopt a gradient buffer).
  bool storage_unique() const { return storage_.use_count() == 1; }
  long storage_use_count() const { return storage_.use_count(); }
  bool shares_storage(const Tensor& o) const { return storage_ == o.storage_; }

 private:
  int norm_dim(int d) const;
  std::shared_ptr<void> storage_;
  Shape shape_, strides_;
  int64_t offset_ = 0;
  DType dtype_ = DType::f32;
};

}  // namespace tolmach
