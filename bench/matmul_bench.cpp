// Matmul throughput: tolmach's op wrapper against a bare oneDNN matmul primitive of the same
// shape (M x K x N = 2048 x 512 x 512), f32, bf16 (bf16 operands, f32 result) and int8
// (s8 x s8 -> f32 with per-column scales; the op includes quantising the activations). The
// "FLOP/s" counter is 2*M*N*K per iteration per wall-clock second; the wrapper should keep
// >= 90% of bare. "FLOP/cpu-s" divides by process CPU time instead (per-core throughput).
//
//   build/bench/matmul_bench [--benchmark_repetitions=5 --benchmark_report_aggregates_only=true]
// Threads: all cores by default; OMP_NUM_THREADS=1 for one.
#include <benchmark/benchmark.h>
#include <time.h>

#include "autograd/gradcheck.h"
#include "ops/matmul.h"
#include "ops/quantized.h"
#include "tensor/engine.h"

using namespace tolmach;

namespace {

constexpr int64_t M = 2048, K = 512, N = 512;

// Process CPU time (all threads): FLOP per CPU-second is per-core throughput, which stays
// comparable when other jobs share the machine (wall-clock rates then do not).
double cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

void set_flops(benchmark::State& state, double cpu_start) {
  double flops = 2.0 * M * N * K;
  state.counters["FLOP/s"] =
      benchmark::Counter(flops, benchmark::Counter::kIsIterationInvariantRate, benchmark::Counter::kIs1000);
  state.counters["FLOP/cpu-s"] = benchmark::Counter(flops * state.iterations() / (cpu_seconds() - cpu_start),
                                                    benchmark::Counter::kDefaults, benchmark::Counter::kIs1000);
}

void BM_Op(benchmark::State& state, DType dt, bool into, bool trans_b) {
  Tensor a = random_uniform({M, K}, -1, 1, 1).to(dt);
  Tensor b = (trans_b ? random_uniform({N, K}, -1, 1, 2) : random_uniform({K, N}, -1, 1, 2)).to(dt);
  Tensor c = Tensor::empty({M, N});
  double cpu0 = cpu_seconds();
  for (auto _ : state) {
    if (into) {
      ops::matmul_into(a, b, c, false, trans_b);
    } else {
      Tensor r = ops::matmul(a, b, false, trans_b);
      benchmark::DoNotOptimize(r.raw());
    }
  }
  set_flops(state, cpu0);
}

void BM_Bare(benchmark::State& state, DType dt) {
  using tag = dnnl::memory::format_tag;
  dnnl::engine eng(dnnl::engine::kind::cpu, 0);
  dnnl::stream s(eng);
  dnnl::memory::desc a_md({M, K}, dnnl_type(dt), tag::ab), b_md({K, N}, dnnl_type(dt), tag::ab),
      c_md({M, N}, dnnl::memory::data_type::f32, tag::ab);
  dnnl::matmul prim(dnnl::matmul::primitive_desc(dnnl::matmul::desc(a_md, b_md, c_md), eng));
  Tensor a = random_uniform({M, K}, -1, 1, 1).to(dt), b = random_uniform({K, N}, -1, 1, 2).to(dt);
  Tensor c = Tensor::empty({M, N});
  dnnl::memory am(a_md, eng, a.raw()), bm(b_md, eng, b.raw()), cm(c_md, eng, c.raw());
  double cpu0 = cpu_seconds();
  for (auto _ : state) {
    prim.execute(s, {{DNNL_ARG_SRC, am}, {DNNL_ARG_WEIGHTS, bm}, {DNNL_ARG_DST, cm}});
    s.wait();
  }
  set_flops(state, cpu0);
}

// int8: weights quantised once; the op also quantises the f32 activations every call.
void BM_OpInt8(benchmark::State& state) {
  Tensor a = random_uniform({M, K}, -1, 1, 1);
  auto w = ops::quantize_weight(random_uniform({K, N}, -1, 1, 2));
  double cpu0 = cpu_seconds();
  for (auto _ : state) benchmark::DoNotOptimize(ops::matmul_int8(a, w).raw());
  set_flops(state, cpu0);
}

void BM_BareInt8(benchmark::State& state) {
  using tag = dnnl::memory::format_tag;
  using dt = dnnl::memory::data_type;
  dnnl::engine eng(dnnl::engine::kind::cpu, 0);
  dnnl::stream s(eng);
  dnnl::memory::desc a_md({M, K}, dt::s8, tag::ab), b_md({K, N}, dt::s8, tag::ab), c_md({M, N}, dt::f32, tag::ab);
  dnnl::primitive_attr attr;
  attr.set_output_scales(1 << 1, std::vector<float>(N, 0.01f));
  dnnl::matmul prim(dnnl::matmul::primitive_desc(dnnl::matmul::desc(a_md, b_md, c_md), attr, eng));
  Tensor a = random_uniform({M, K}, -100, 100, 1).to(DType::i8), b = random_uniform({K, N}, -100, 100, 2).to(DType::i8);
  Tensor c = Tensor::empty({M, N});
  dnnl::memory am(a_md, eng, a.raw()), bm(b_md, eng, b.raw()), cm(c_md, eng, c.raw());
  double cpu0 = cpu_seconds();
  for (auto _ : state) {
    prim.execute(s, {{DNNL_ARG_SRC, am}, {DNNL_ARG_WEIGHTS, bm}, {DNNL_ARG_DST, cm}});
    s.wait();
  }
  set_flops(state, cpu0);
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
BENCHMARK(BM_BareInt8)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_OpInt8)->UseRealTime()->Unit(benchmark::kMillisecond);
