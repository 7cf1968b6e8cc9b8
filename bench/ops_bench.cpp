// Per-op cost on small decoder-sized tensors (where fixed overhead, not FLOPs, dominates):
// tolmach ops against bare oneDNN primitives of the same shape.
//
//   build/bench/ops_bench
#include <benchmark/benchmark.h>

#include "autograd/gradcheck.h"
#include "ops/ops.h"
#include "tensor/engine.h"

using namespace tolmach;

namespace {

void BM_MatmulSmall(benchmark::State& state) {
  Tensor a = random_uniform({8, 512}, -1, 1, 1), b = random_uniform({512, 512}, -1, 1, 2);
  for (auto _ : state) benchmark::DoNotOptimize(ops::matmul(a, b).raw());
}

void BM_MatmulSmallBare(benchmark::State& state) {
  using tag = dnnl::memory::format_tag;
  using dt = dnnl::memory::data_type;
  dnnl::memory::desc a_md({8, 512}, dt::f32, tag::ab), b_md({512, 512}, dt::f32, tag::ab), c_md({8, 512}, dt::f32, tag::ab);
  dnnl::matmul prim(dnnl::matmul::primitive_desc(dnnl::matmul::desc(a_md, b_md, c_md), engine()));
  Tensor a = random_uniform({8, 512}, -1, 1, 1), b = random_uniform({512, 512}, -1, 1, 2), c = Tensor::empty({8, 512});
  dnnl::memory am(a_md, engine(), a.raw()), bm(b_md, engine(), b.raw()), cm(c_md, engine(), c.raw());
  for (auto _ : state) {
    prim.execute(stream(), {{DNNL_ARG_SRC, am}, {DNNL_ARG_WEIGHTS, bm}, {DNNL_ARG_DST, cm}});
    stream().wait();
  }
}

void BM_AddBias(benchmark::State& state) {
  Tensor a = random_uniform({8, 512}, -1, 1, 1), b = random_uniform({512}, -1, 1, 2);
  for (auto _ : state) benchmark::DoNotOptimize(ops::add(a, b).raw());
}

void BM_Softmax(benchmark::State& state) {
  Tensor a = random_uniform({64, 32}, -1, 1, 1);
  for (auto _ : state) benchmark::DoNotOptimize(ops::softmax(a).raw());
}

void BM_LayerNorm(benchmark::State& state) {
  Tensor a = random_uniform({8, 512}, -1, 1, 1), g = Tensor::full({512}, 1.f), b = Tensor::zeros({512});
  for (auto _ : state) benchmark::DoNotOptimize(ops::layer_norm(a, g, b).raw());
}

void BM_VarLinearFwdBwd(benchmark::State& state) {  // autograd bookkeeping on a small layer
  Var x(random_uniform({8, 512}, -1, 1, 1));
  Var w = Var::param(random_uniform({512, 512}, -1, 1, 2)), b = Var::param(Tensor::zeros({512}));
  for (auto _ : state) {
    ops::sum(ops::relu(ops::add(ops::matmul(x, w), b))).backward();
    w.zero_grad();
    b.zero_grad();
  }
}

}  // namespace

BENCHMARK(BM_MatmulSmallBare)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_MatmulSmall)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AddBias)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Softmax)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_LayerNorm)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_VarLinearFwdBwd)->Unit(benchmark::kMicrosecond);
