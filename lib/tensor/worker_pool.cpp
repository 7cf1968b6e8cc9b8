#include "tensor/worker_pool.h"

#include "tensor/threads.h"

namespace tolmach {

WorkerPool::WorkerPool(size_t workers) {
  for (size_t w = 0; w < workers; ++w) threads_.emplace_back([this, w] { work(w); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
}

void WorkerPool::run(size_t tasks, const std::function<void(size_t, size_t)>& task) {
  std::unique_lock<std::mutex> lock(mu_);
  task_ = &task;
  tasks_ = tasks;
  next_ = 0;
  busy_ = threads_.size();
  error_ = nullptr;
  ++generation_;
  wake_.notify_all();
  done_.wait(lock, [this] { return busy_ == 0; });
  task_ = nullptr;
  if (error_) std::rethrow_exception(error_);
}

void WorkerPool::work(size_t worker) {
  set_num_threads(1);
  size_t seen = 0;
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
    if (stop_) return;
    seen = generation_;
    while (next_ < tasks_) {
      const size_t i = next_++;
      lock.unlock();
      try {
        (*task_)(worker, i);
      } catch (...) {
        lock.lock();
        if (!error_) error_ = std::current_exception();
        next_ = tasks_;
        continue;
      }
      lock.lock();
    }
    if (--busy_ == 0) done_.notify_all();
  }
}

}  // namespace tolmach
