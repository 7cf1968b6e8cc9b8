#pragma once
// A fixed set of single-threaded workers for coarse parallel work (translation batches).
//
// oneDNN (built with DNNL_ENABLE_CONCURRENT_EXEC=OFF, as Debian's is) wants each primitive
// run in the thread that created it, and never by two threads at once: the primitive cache
// is per thread, so workers must live as long as the work they cache primitives for. Hence
// threads kept for the pool's lifetime rather than started per job.
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tolmach {

class WorkerPool {
 public:
  explicit WorkerPool(size_t workers);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  size_t size() const { return threads_.size(); }
  // Runs task(worker, i) for i in [0, tasks), each i once, on the workers (each with
  // num_threads() = 1); returns when all are done. The first exception is rethrown here,
  // after which the remaining tasks are skipped.
  void run(size_t tasks, const std::function<void(size_t worker, size_t task)>& task);

 private:
  void work(size_t worker);

  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable wake_, done_;
  const std::function<void(size_t, size_t)>* task_ = nullptr;
  size_t tasks_ = 0, next_ = 0, busy_ = 0, generation_ = 0;
  bool stop_ = false;
  std::exception_ptr error_;
};

}  // namespace tolmach
