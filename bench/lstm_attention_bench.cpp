// Achieved GFLOP/s of the LSTM and attention ops (GEMM FLOPs only; elementwise work is
// not counted). Compare with oneDNN's f32 GEMM peak on this machine (~220 GFLOP/s, 2 cores).
//
//   build/bench/lstm_attention_bench --benchmark_counter_tabular=true
//
// LSTM forward: D * T * 2 * B * (I + H) * 4H; backward is counted as twice the forward.
// Attention forward: 2 * B * H * Tq * Tk * (dk + dv); backward twice that.
#include <benchmark/benchmark.h>

#include <random>

#include "autograd/gradcheck.h"
#include "ops/ops.h"

using namespace tolmach;

namespace {

std::vector<int64_t> lengths(int64_t B, int64_t T, bool ragged) {
  std::vector<int64_t> len(B, T);
  if (ragged) {  // like a length-bucketed batch: lengths within T-4..T
    std::mt19937 rng(1);
    for (auto& l : len) l = T - static_cast<int64_t>(rng() % 5);
    len[0] = T;
  }
  return len;
}

// args: B, T, I, H, directions, ragged lengths (0/1), backward (0/1)
void BM_Lstm(benchmark::State& st) {
  int64_t B = st.range(0), T = st.range(1), I = st.range(2), H = st.range(3), D = st.range(4);
  bool ragged = st.range(5), bwd = st.range(6);
  auto len = lengths(B, T, ragged);
  Var x = Var::param(random_uniform({B, T, I}, -1, 1, 1));
  Var wl = Var::param(random_uniform({1, D, I, 4, H}, -0.1, 0.1, 2));
  Var wi = Var::param(random_uniform({1, D, H, 4, H}, -0.1, 0.1, 3));
  Var b = Var::param(random_uniform({1, D, 4, H}, -0.1, 0.1, 4));
  Tensor seed = random_uniform({B, T, D * H}, -1, 1, 5);
  ops::lstm(x, len, wl, wi, b).y.backward(seed);  // warm-up: primitive creation is not timed
  for (auto _ : st) {
    if (bwd) {
      auto o = ops::lstm(x, len, wl, wi, b);
      o.y.backward(seed);
      for (Var v : {x, wl, wi, b}) v.zero_grad();
    } else {
      NoGradGuard ng;
      auto o = ops::lstm(x, len, wl, wi, b);
      benchmark::DoNotOptimize(o.y.value().raw());
    }
  }
  int64_t steps = 0;
  for (auto l : len) steps += l;  // useful work only
  double flops = double(D) * steps * 2 * (I + H) * 4 * H * (bwd ? 3 : 1);
  st.counters["GFLOP/s"] = benchmark::Counter(flops / 1e9, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Lstm)
    ->ArgNames({"B", "T", "I", "H", "D", "ragged", "bwd"})
    ->Args({64, 30, 256, 256, 2, 0, 0})
    ->Args({64, 30, 256, 256, 2, 0, 1})
    ->Args({64, 30, 256, 256, 2, 1, 0})
    ->Args({64, 30, 256, 256, 2, 1, 1})
    ->Args({64, 30, 512, 512, 1, 0, 0})
    ->Args({64, 30, 512, 512, 1, 0, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// One decoder step (input feeding runs the cell once per target position). args: B, I, H, bwd
void BM_LstmCell(benchmark::State& st) {
  int64_t B = st.range(0), I = st.range(1), H = st.range(2);
  bool bwd = st.range(3);
  Var x = Var::param(random_uniform({B, I}, -1, 1, 1));
  ops::LstmState s{Var::param(random_uniform({B, H}, -1, 1, 2)), Var::param(random_uniform({B, H}, -1, 1, 3))};
  Var wl = Var::param(random_uniform({1, 1, I, 4, H}, -0.1, 0.1, 4));
  Var wi = Var::param(random_uniform({1, 1, H, 4, H}, -0.1, 0.1, 5));
  Var b = Var::param(random_uniform({1, 1, 4, H}, -0.1, 0.1, 6));
  Tensor seed = random_uniform({B, H}, -1, 1, 7);
  ops::lstm_cell(x, s, wl, wi, b).h.backward(seed);  // warm-up
  for (auto _ : st) {
    if (bwd) {
      auto o = ops::lstm_cell(x, s, wl, wi, b);
      o.h.backward(seed);
      for (Var v : {x, wl, wi, b, s.h, s.c}) v.zero_grad();
    } else {
      NoGradGuard ng;
      auto o = ops::lstm_cell(x, s, wl, wi, b);
      benchmark::DoNotOptimize(o.h.value().raw());
    }
  }
  double flops = 2.0 * B * (I + H) * 4 * H * (bwd ? 3 : 1);
  st.counters["GFLOP/s"] = benchmark::Counter(flops / 1e9, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_LstmCell)
    ->ArgNames({"B", "I", "H", "bwd"})
    ->Args({64, 1024, 512, 0})
    ->Args({64, 1024, 512, 1})
    ->Args({5, 512, 512, 0})
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

// args: B, heads, Tq = Tk, dk = dv, causal, bwd
void BM_Attention(benchmark::State& st) {
  int64_t B = st.range(0), H = st.range(1), T = st.range(2), dk = st.range(3);
  bool causal = st.range(4), bwd = st.range(5);
  Var q = Var::param(random_uniform({B, H, T, dk}, -1, 1, 1));
  Var k = Var::param(random_uniform({B, H, T, dk}, -1, 1, 2));
  Var v = Var::param(random_uniform({B, H, T, dk}, -1, 1, 3));
  auto len = lengths(B, T, true);
  Tensor seed = random_uniform({B, H, T, dk}, -1, 1, 4);
  ops::scaled_dot_product_attention(q, k, v, len, causal).context.backward(seed);  // warm-up
  for (auto _ : st) {
    if (bwd) {
      auto o = ops::scaled_dot_product_attention(q, k, v, len, causal);
      o.context.backward(seed);
      for (Var x : {q, k, v}) x.zero_grad();
    } else {
      NoGradGuard ng;
      auto o = ops::scaled_dot_product_attention(q, k, v, len, causal);
      benchmark::DoNotOptimize(o.context.value().raw());
    }
  }
  double flops = 2.0 * B * H * T * T * (2 * dk) * (bwd ? 3 : 1);
  st.counters["GFLOP/s"] = benchmark::Counter(flops / 1e9, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Attention)
    ->ArgNames({"B", "heads", "T", "dk", "causal", "bwd"})
    ->Args({32, 8, 32, 64, 0, 0})
    ->Args({32, 8, 32, 64, 0, 1})
    ->Args({32, 8, 32, 64, 1, 1})
    ->Args({32, 8, 128, 64, 0, 0})
    ->Args({32, 8, 128, 64, 0, 1})
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

}  // namespace
