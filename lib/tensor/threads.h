#pragma once
// Threads used by oneDNN and tolmach's own loops (both OpenMP). 0 = all cores. The count
// belongs to the calling thread (OpenMP's nthreads-var): tools set it once at start-up
// (--threads), and a worker thread sets its own (translation workers run with 1).
namespace tolmach {

void set_num_threads(int n);
int num_threads();

}  // namespace tolmach
