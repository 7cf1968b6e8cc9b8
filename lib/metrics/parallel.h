#pragma once
// Runs body(i) for i in [0, n) on `threads` std::threads, handing out small chunks so uneven
// segments (TER's shift search) balance across cores. body must be thread-safe.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace tolmach::metrics {

template <class Body>
void parallel_for(size_t n, int threads, Body body, size_t chunk = 16) {
  threads = std::max(1, std::min<int>(threads, static_cast<int>((n + chunk - 1) / chunk)));
  if (threads <= 1) {
    for (size_t i = 0; i < n; ++i) body(i);
    return;
  }
  std::atomic<size_t> next{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto worker = [&] {
    try {
      for (size_t start; (start = next.fetch_add(chunk)) < n;)
        for (size_t i = start; i < std::min(n, start + chunk); ++i) body(i);
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (!error) error = std::current_exception();
      next = n;
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& th : pool) th.join();
  if (error) std::rethrow_exception(error);
}

// Threads to use by default: every core the machine offers.
inline int default_threads() {
  const unsigned n = std::thread::hardware_concurrency();
  return n ? static_cast<int>(n) : 1;
}

}  // namespace tolmach::metrics
