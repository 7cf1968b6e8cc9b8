#pragma once
// Runs many batches over one model's StepModels, as Marian's --cpu-threads does: with
// num_threads() = T > 1 and at least T batches, T workers of one thread each take batches
// side by side (decoding is many small ops that do not split well over threads); fewer
// batches (interactive input) run one at a time on the calling thread with all T threads.
// Translation and forced alignment share it.
#include <functional>
#include <memory>
#include <vector>

#include "search/step_model.h"
#include "tensor/worker_pool.h"

namespace tolmach {

// Makes a fresh decoder over one model (Seq2SeqModel::step_model); each worker owns one.
using StepModelFactory = std::function<std::unique_ptr<StepModel>()>;

class StepModelPool {
 public:
  explicit StepModelPool(StepModelFactory make_step_model) : make_step_model_(std::move(make_step_model)) {}
  // Calls work(model, b) once for every b in [0, batches), each on some worker's model.
  void run(size_t batches, const std::function<void(StepModel& model, size_t batch)>& work);

 private:
  StepModelFactory make_step_model_;
  std::unique_ptr<StepModel> model_;                      // for the calling thread
  std::unique_ptr<WorkerPool> pool_;                      // both created on first use
  std::vector<std::unique_ptr<StepModel>> pool_models_;   // one per pool worker
};

}  // namespace tolmach
