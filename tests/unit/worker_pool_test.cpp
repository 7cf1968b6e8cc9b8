// WorkerPool: every task runs once, on single-threaded workers that keep running oneDNN
// primitives side by side (each thread its own primitive cache), and errors come back.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

#include "ops/quantized.h"
#include "ops/matmul.h"
#include "tensor/engine.h"
#include "tensor/random.h"
#include "tensor/threads.h"
#include "tensor/worker_pool.h"

using namespace tolmach;

TEST(WorkerPool, RunsEachTaskOnceOnSingleThreadedWorkers) {
  WorkerPool pool(3);
  ASSERT_EQ(pool.size(), 3u);
  for (size_t tasks : {0, 1, 100}) {
    std::vector<std::atomic<int>> runs(tasks);
    std::atomic<int> bad_worker{0}, bad_threads{0};
    pool.run(tasks, [&](size_t worker, size_t i) {
      runs[i]++;
      if (worker >= 3) bad_worker++;
      if (num_threads() != 1) bad_threads++;
    });
    for (size_t i = 0; i < tasks; ++i) EXPECT_EQ(runs[i].load(), 1) << "task " << i;
    EXPECT_EQ(bad_worker.load(), 0);
    EXPECT_EQ(bad_threads.load(), 0);
  }
}

TEST(WorkerPool, RethrowsTheFirstErrorAndStaysUsable) {
  WorkerPool pool(2);
  EXPECT_THROW(pool.run(50, [](size_t, size_t i) {
                 if (i == 7) throw std::runtime_error("task 7");
               }),
               std::runtime_error);
  std::atomic<int> done{0};
  pool.run(10, [&](size_t, size_t) { done++; });
  EXPECT_EQ(done.load(), 10);
}

TEST(WorkerPool, ConcurrentPrimitivesGiveSerialResults) {
  // The same shapes on every worker: with one shared primitive cache these would run one
  // primitive from several threads at once, which oneDNN does not allow.
  set_num_threads(1);  // the reference as a worker computes it
  const Tensor a = random_uniform({48, 256}, -1, 1, 1), b = random_uniform({256, 512}, -1, 1, 2);
  const ops::QuantizedWeight q = ops::quantize_weight(b, /*trans=*/false);
  const std::vector<float> f32 = ops::matmul(a, b).to_vector();
  const std::vector<float> i8 = ops::matmul_int8(a, q, Tensor()).to_vector();
  WorkerPool pool(2);
  std::atomic<int> mismatches{0};
  pool.run(64, [&](size_t, size_t i) {
    const std::vector<float> y = i % 2 ? ops::matmul(a, b).to_vector() : ops::matmul_int8(a, q, Tensor()).to_vector();
    if (y != (i % 2 ? f32 : i8)) mismatches++;
  });
  EXPECT_EQ(mismatches.load(), 0);
}
