// Transformer training and decoding throughput (f32, the machine's threads).
//
//   build/bench/transformer_bench --benchmark_counters_tabular=true
//
// TrainStep: one update's loss + backward (no optimiser) on a batch of B pairs of length T
// (source and target), for the transformer-small / -base presets with a joint vocabulary of
// V and tied embeddings. GFLOP/s counts GEMM FLOPs only (backward = 2 x forward) against
// oneDNN's f32 GEMM peak here (~220 GFLOP/s on 2 cores).
// Decode: start() plus T steps of B sentences x K beam rows with shuffled parents (cache
// gathers included), i.e. the model's share of beam search.
#include <benchmark/benchmark.h>

#include <random>

#include "bench_models.h"
#include "models/transformer/model.h"
#include "models/transformer/transformer.h"
#include "ops/binary.h"

using namespace tolmach;

namespace {

std::unique_ptr<Seq2SeqModel> preset(int64_t base, int64_t vocab) {
  return create_transformer(bench::transformer_config(base != 0, vocab), 1);
}

// GEMM FLOPs of one forward pass over B pairs of T tokens (source with eos: T + 1).
double forward_flops(const transformer::TransformerConfig& c, int64_t B, int64_t T) {
  double D = c.dim_emb, F = c.dim_ffn, S = T + 1, Tt = T + 1;
  double enc = c.enc_depth * S * (2 * (4 * D * D + 2 * D * F) + 4 * S * D);
  double dec = c.dec_depth * (Tt * (2 * (6 * D * D + 2 * D * F) + 4 * Tt * D + 4 * S * D) + S * 4 * D * D);
  return B * (enc + dec + Tt * 2 * D * c.tgt_vocab_size);
}

// args: base (0 small / 1 base), B, T, V
void BM_TrainStep(benchmark::State& st) {
  const int64_t B = st.range(1), T = st.range(2), V = st.range(3);
  auto model = preset(st.range(0), V);
  auto src = bench::random_sentences(B, T, V, 1), tgt = bench::random_sentences(B, T, V, 2);
  BatchShape shape;
  Batch batch;
  batch.source = make_source_batch(src, shape);
  batch.target_width = static_cast<int>(T + 1);
  for (const auto& t : tgt) {
    batch.target_input.push_back(shape.bos);
    batch.target_input.insert(batch.target_input.end(), t.begin(), t.end());
    batch.target_output.insert(batch.target_output.end(), t.begin(), t.end());
    batch.target_output.push_back(shape.eos);
    batch.target_lengths.push_back(static_cast<int>(T + 1));
  }
  batch.target_tokens = B * (T + 1);
  model->set_training(true);
  auto params = model->parameters();
  uint64_t seed = 0;
  auto update = [&] {
    LossResult r = model->loss(batch, {0.1f}, ++seed);
    ops::scale(r.sum, 1.f / r.tokens).backward();
    for (auto& [name, v] : params) v.zero_grad();
  };
  update();  // warm-up: primitive creation and first-touch allocations are not timed
  for (auto _ : st) update();
  auto cfg = transformer::TransformerConfig::from_json(model->config());
  st.counters["tgt_tok/s"] = benchmark::Counter(double(B * (T + 1)), benchmark::Counter::kIsIterationInvariantRate);
  st.counters["GFLOP/s"] =
      benchmark::Counter(3 * forward_flops(cfg, B, T) / 1e9, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_TrainStep)
    ->ArgNames({"base", "B", "T", "V"})
    ->Args({0, 64, 25, 8000})
    ->Args({0, 64, 25, 32000})
    ->Args({1, 64, 25, 32000})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// args: base, B sentences, K beam rows each, T steps (source length T too), V
void BM_Decode(benchmark::State& st) {
  const int64_t B = st.range(1), K = st.range(2), T = st.range(3), V = st.range(4);
  auto model = preset(st.range(0), V);
  SourceBatch src = make_source_batch(bench::random_sentences(B, T, V, 3), BatchShape{});
  auto decoder = model->step_model();
  std::mt19937 gen(4);
  StepOutput out;
  for (auto _ : st) {  // the first iteration warms up (primitive creation, allocations)
    decoder->start(src);
    StepInput in;
    for (int64_t b = 0; b < B; ++b) {
      in.tokens.push_back(1);
      in.parents.push_back(static_cast<int>(b));
      in.sentences.push_back(static_cast<int>(b));
    }
    decoder->step(in, out, false);
    for (int64_t t = 1; t < T; ++t) {
      in.step = static_cast<int>(t);
      in.tokens.clear();
      in.parents.clear();
      in.sentences.clear();
      for (int64_t b = 0; b < B; ++b)
        for (int64_t k = 0; k < K; ++k) {
          int parent = t == 1 ? static_cast<int>(b) : static_cast<int>(b * K + gen() % K);
          in.tokens.push_back(3 + static_cast<int>(gen() % 1000));
          in.parents.push_back(parent);
          in.sentences.push_back(static_cast<int>(b));
        }
      decoder->step(in, out, false);
    }
  }
  st.counters["rows*steps/s"] = benchmark::Counter(double(B * K * T), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Decode)
    ->ArgNames({"base", "B", "K", "T", "V"})
    ->Args({0, 32, 4, 25, 32000})
    ->Args({1, 32, 4, 25, 32000})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

