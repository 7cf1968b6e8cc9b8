#pragma once
// Threads used by oneDNN and tolmach's own loops (both OpenMP). 0 = all cores. The count
// belongs to the calling thread (OpenMP's nthreads-var): tools set it once at start-up
// (--threads), and a worker thread sets its own (translation workers run with 1).
#include <omp.h>

#include <cstdint>

namespace tolmach {

void set_num_threads(int n);
int num_threads();

// The one rule of every tool's --threads N: N threads, 0 = all cores, below 0 a UsageError.
// Returns the count (never 0), for code that sizes its own pools (tokenize, score-bleu).
int threads_from_flag(int n);

// Runs body(begin, end) over [0, n): one contiguous range per OpenMP thread when `work` (about
// the elements touched) exceeds `min_work` and the calling thread may use more than one, else
// body(0, n) right here. Unlike `#pragma omp parallel for if (...)`, the serial path does not
// enter libgomp: a region whose if() is false still forms a team of one and futex-wakes at its
// end, which the small per-step ops of decoding (1-thread workers) paid tens of thousands of
// times per test set.
template <class Body>
void parallel_for(int64_t n, int64_t work, Body&& body, int64_t min_work = 65536) {
  if (work <= min_work || n < 2 || omp_get_max_threads() == 1) {
    body(int64_t{0}, n);
    return;
  }
#pragma omp parallel
  {
    const int64_t t = omp_get_thread_num(), T = omp_get_num_threads();
    body(n * t / T, n * (t + 1) / T);
  }
}

}  // namespace tolmach
