#include "tensor/threads.h"

#include <string>

#include "base/error.h"

namespace tolmach {

void set_num_threads(int n) { omp_set_num_threads(n > 0 ? n : omp_get_num_procs()); }
int num_threads() { return omp_get_max_threads(); }

int threads_from_flag(int n) {
  if (n < 0) throw UsageError("--threads must be at least 1, or 0 for all cores (not " + std::to_string(n) + ")");
  return n > 0 ? n : omp_get_num_procs();
}

}  // namespace tolmach
