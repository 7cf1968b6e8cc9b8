#include "search/step_model_pool.h"

#include "tensor/threads.h"

namespace tolmach {

void StepModelPool::run(size_t batches, const std::function<void(StepModel&, size_t)>& work) {
  const size_t threads = static_cast<size_t>(num_threads());
  if (threads > 1 && batches >= threads) {
    if (!pool_) {
      pool_ = std::make_unique<WorkerPool>(threads);
      for (size_t w = 0; w < threads; ++w) pool_models_.push_back(make_step_model_());
    }
    pool_->run(batches, [&](size_t worker, size_t b) { work(*pool_models_[worker], b); });
  } else {
    if (!model_) model_ = make_step_model_();
    for (size_t b = 0; b < batches; ++b) work(*model_, b);
  }
}

}  // namespace tolmach
