// The gradient all-reduce alone (GradientAllreduce over the Communicator), for the sizes of
// transformer-small (7.6M parameters) and transformer-base (~60M): run it under
//   mpirun --allow-run-as-root -np 2 --bind-to core build/bench/allreduce_bench
// Every rank runs the same fixed number of iterations (the collectives must pair up); both
// print. Without mpirun it measures the packing alone (one rank: nothing to exchange).
// Counter GBps = gradient bytes / time (MPI's "algorithm bandwidth").
#include <benchmark/benchmark.h>

#include <memory>

#include "train/distributed.h"
#include "train/gradient_allreduce.h"

using namespace tolmach;

namespace {

Communicator& comm() {
  static std::unique_ptr<Communicator> c = make_communicator();
  return *c;
}

// A model's gradients: a few big matrices and many small vectors, `total` elements.
std::vector<Tensor> gradients(int64_t total) {
  std::vector<Tensor> g;
  for (int i = 0; i < 40; ++i) g.push_back(Tensor::zeros({512}));  // biases, layer norms
  const int64_t rest = total - 40 * 512;
  for (int i = 0; i < 16; ++i) g.push_back(Tensor::zeros({rest / 16}));
  return g;
}

void BM_GradientAllreduce(benchmark::State& state) {
  const auto precision = state.range(1) ? AllreducePrecision::bfloat16 : AllreducePrecision::float32;
  GradientAllreduce reduce(comm(), precision);
  const std::vector<Tensor> g = gradients(state.range(0));
  comm().barrier();
  for (auto _ : state) reduce.run(g);
  state.counters["ranks"] = comm().size();
  state.counters["GBps"] = benchmark::Counter(double(state.range(0)) * 4 * state.iterations() / 1e9,
                                              benchmark::Counter::kIsRate);
}
// {elements, bf16}: transformer-small, transformer-base, float32 and bfloat16 on the wire.
BENCHMARK(BM_GradientAllreduce)
    ->Args({7585600, 0})->Args({7585600, 1})->Args({60000000, 0})->Args({60000000, 1})
    ->Iterations(20)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
