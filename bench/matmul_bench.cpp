// Matmul throughput: tolmach's op wrapper against a bare oneDNN matmul primitive of the same
// shape (M x K x N = 2048 x 512 x 512), f32 and bf16 (bf16 operands, f32 result). The
// "FLOP/s" counter is 2*M*N*K per iteration as a rate; the wrapper should keep >= 90% of bare.
//
//   build/bench/matmul_bench [--benchmark_repetitions=5 --benchmark_report_aggregates_only=true]
#include <benchmark/benchmark.h>

#include "autograd/gradcheck.h"
#include "ops/matmul.h"
#include "tensor/engine.h"

using namespace tolmach;

namespace {

constexpr int64_t M = 2048, K = 512, N = 512;

void set_flops(benchmark::State& state) {
  state.counters["FLOP/s"] =
      benchmark::Counter(2.0 * M * N * K, benchmark::Counter::kIsIterationInvariantRate, benchmark::Counter::kIs1000);
}

void BM_Op(benchmark::State& state, DType dt, bool into, bool trans_b) {
  set_num_threads(0);
  Tensor a = random_uniform({M, K}, -1, 1, 1).to(dt);
  Tensor b = (trans_b ? random_uniform({N, K}, -1, 1, 2) : random_uniform({K, N}, -1, 1, 2)).to(dt);
  Tensor c = Tensor::empty({M, N});
  for (auto _ : state) {
    if (into) {
      ops::matmul_into(a, b, c, false, trans_b);
    } else {
      Tensor r = ops::matmul(a, b, false, trans_b);
      benchmark::DoNotOptimize(r.raw());
    }
  }
  set_flops(state);
}

void BM_Bare(benchmark::State& state, DType dt) {
  set_num_threads(0);
  using tag = dnnl::memory::format_tag;
  dnnl::engine eng(dnnl::engine::kind::cpu, 0);
  dnnl::stream s(eng);
  dnnl::memory::desc a_md({M, K}, dnnl_type(dt), tag::ab), b_md({K, N}, dnnl_type(dt), tag::ab),
      c_md({M, N}, dnnl::memory::data_type::f32, tag::ab);
  dnnl::matmul prim(dnnl::matmul::primitive_desc(dnnl::matmul::desc(a_md, b_md, c_md), eng));
  Tensor a = random_uniform({M, K}, -1, 1, 1).to(dt), b = random_uniform({K, N}, -1, 1, 2).to(dt);
  Tensor c = Tensor::empty({M, N});
  dnnl::memory am(a_md, eng, a.raw()), bm(b_md, eng, b.raw()), cm(c_md, eng, c.raw());
  for (auto _ : state) {
    prim.execute(s, {{DNNL_ARG_SRC, am}, {DNNL_ARG_WEIGHTS, bm}, {DNNL_ARG_DST, cm}});
    s.wait();
  }
  set_flops(state);
}

}  // namespace

BENCHMARK_CAPTURE(BM_Bare, f32, DType::f32)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Op, f32, DType::f32, false, false)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Op, f32_into, DType::f32, true, false)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Op, f32_transposed_b, DType::f32, false, true)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Bare, bf16, DType::bf16)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Op, bf16, DType::bf16, false, false)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Op, bf16_into, DType::bf16, true, false)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Op, bf16_transposed_b, DType::bf16, false, true)->UseRealTime()->Unit(benchmark::kMillisecond);
