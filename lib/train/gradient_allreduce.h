#pragma once
// Sums the gradients of all ranks once per update, in contiguous buckets: small gradients
// (biases, layer norms) are packed into one staging buffer so that each MPI_Allreduce moves
// at least ~bucket_bytes (latency is paid per call, not per tensor); a float32 gradient as
// large as a bucket goes in place. With bfloat16 on the wire everything is packed, converted
// on the way in and out: half the bytes, ~3 significant digits per element.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tensor/tensor.h"
#include "train/distributed.h"

namespace tolmach {

enum class AllreducePrecision { float32, bfloat16 };
// "float32" | "bfloat16"; UsageError otherwise.
AllreducePrecision parse_allreduce_precision(const std::string& s);

class GradientAllreduce {
 public:
  static constexpr size_t kDefaultBucketBytes = size_t{8} << 20;

  GradientAllreduce(Communicator& comm, AllreducePrecision precision = AllreducePrecision::float32,
                    size_t bucket_bytes = kDefaultBucketBytes);

  // Every tensor: contiguous f32, the same shapes in the same order on every rank.
  void run(const std::vector<Tensor>& grads);

  // Wall time spent in run() (seconds) and its calls to the communicator, since construction.
  double seconds() const { return seconds_; }
  size_t collective_calls() const { return calls_; }

 private:
  void flush();
  Communicator& comm_;
  AllreducePrecision precision_;
  size_t bucket_elems_;
  std::vector<float> f32_;         // staging buffers (one of them used)
  std::vector<uint16_t> bf16_;
  std::vector<std::pair<float*, size_t>> pending_;  // pieces staged in order
  size_t staged_ = 0;
  double seconds_ = 0;
  size_t calls_ = 0;
};

}  // namespace tolmach
