// compare_weights A.safetensors B.safetensors: the largest difference between the f32 tensors
// of two weight files relative to the largest weight, and the mean difference relative to the
// mean weight, "max_rel_diff X mean_rel_diff Y" on stdout (for
// tests/cli/train_mpi.sh, which compares data-parallel training with one process). Exit 1
// when the files hold other names or shapes.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "io/safetensors.h"

using namespace tolmach;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: compare_weights A.safetensors B.safetensors\n";
    return 2;
  }
  try {
    const SafetensorsFile a = SafetensorsFile::open(argv[1]), b = SafetensorsFile::open(argv[2]);
    if (a.tensors().size() != b.tensors().size()) throw std::runtime_error("different tensor counts");
    double diff = 0, scale = 0, diff_sum = 0, abs_sum = 0;
    for (const TensorRecord& ta : a.tensors()) {
      const TensorRecord& tb = b.at(ta.name);
      if (ta.shape != tb.shape || ta.dtype != SafetensorsDType::F32 || tb.dtype != SafetensorsDType::F32)
        throw std::runtime_error(ta.name + ": other shape or not f32");
      const float* x = static_cast<const float*>(ta.data);
      const float* y = static_cast<const float*>(tb.data);
      for (int64_t i = 0; i < ta.numel(); ++i) {
        diff = std::max(diff, std::fabs(double(x[i]) - double(y[i])));
        scale = std::max(scale, std::fabs(double(x[i])));
        diff_sum += std::fabs(double(x[i]) - double(y[i]));
        abs_sum += std::fabs(double(x[i]));
      }
    }
    std::printf("max_rel_diff %.3g mean_rel_diff %.3g\n", scale > 0 ? diff / scale : diff,
                abs_sum > 0 ? diff_sum / abs_sum : diff_sum);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "compare_weights: " << e.what() << "\n";
    return 1;
  }
}
