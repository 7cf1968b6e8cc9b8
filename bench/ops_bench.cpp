// Per-op cost on small decoder-sized tensors (where fixed overhead, not FLOPs, dominates):
// tolmach ops against bare oneDNN primitives of the same shape.
//
//   build/bench/ops_bench
#include <benchmark/benchmark.h>
#include <time.h>

#include "autograd/gradcheck.h"
#include "ops/ops.h"
#include "tensor/engine.h"
#include "tensor/random.h"

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

// One pre-norm Transformer encoder layer (B=32, T=32, D=512, 8 heads, FF=2048), forward +
// backward. ~19 GFLOP of GEMMs; the FLOP/s counter shows how much of the GEMM rate survives
// the glue ops and autograd.
static void BM_TransformerLayerFwdBwd(benchmark::State& state) {
  const int64_t B = 32, T = 32, D = 512, H = 8, F = 2048;
  Var x = Var::param(random_uniform({B, T, D}, -1, 1, 1));
  Var wqkv = Var::param(xavier_uniform({D, 3 * D}, 2)), wo = Var::param(xavier_uniform({D, D}, 3));
  Var w1 = Var::param(xavier_uniform({D, F}, 4)), w2 = Var::param(xavier_uniform({F, D}, 5));
  Var b1 = Var::param(Tensor::zeros({F})), b2 = Var::param(Tensor::zeros({D}));
  Var g = Var::param(Tensor::full({D}, 1.f)), be = Var::param(Tensor::zeros({D}));
  Tensor mask = ops::padding_mask(std::vector<int64_t>(B, T - 3), T).view({B, 1, 1, T});
  std::vector<Var> params = {x, wqkv, wo, w1, w2, b1, b2, g, be};
  timespec c0, c1;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
  for (auto _ : state) {
    Var h = ops::layer_norm(x, g, be);
    auto qkv = ops::split(ops::linear(h, wqkv, Var()), {D, D, D}, 2);
    auto heads = [&](const Var& t) { return ops::permute(ops::reshape(t, {B, T, H, D / H}), {0, 2, 1, 3}); };
    Var s = ops::masked_fill(ops::matmul(heads(qkv[0]), heads(qkv[1]), false, true), mask, -1e9f);
    Var a = ops::matmul(ops::softmax(ops::scale(s, 0.125f)), heads(qkv[2]));
    Var y = x + ops::linear(ops::reshape(ops::permute(a, {0, 2, 1, 3}), {B, T, D}), wo, Var());
    Var out = y + ops::linear(ops::relu(ops::linear(ops::layer_norm(y, g, be), w1, b1)), w2, b2);
    ops::sum(out).backward();
    for (Var& p : params) p.zero_grad();
  }
  double tokens = B * T;
  double gemm = 2 * tokens * (4.0 * D * D + 2.0 * D * F) + 2 * 2.0 * B * H * T * T * (D / H);
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
  double cpu = (c1.tv_sec - c0.tv_sec) + (c1.tv_nsec - c0.tv_nsec) * 1e-9;
  state.counters["FLOP/s"] = benchmark::Counter(3 * gemm, benchmark::Counter::kIsIterationInvariantRate,
                                                benchmark::Counter::kIs1000);
  // Per CPU-second of the whole process: per-core efficiency even on a shared machine.
  state.counters["FLOP/cpu-s"] = benchmark::Counter(3 * gemm * state.iterations() / cpu, benchmark::Counter::kDefaults,
                                                    benchmark::Counter::kIs1000);
}
BENCHMARK(BM_TransformerLayerFwdBwd)->UseRealTime()->Unit(benchmark::kMillisecond);
