// Whole-model throughput on the cases bench/reference_torch.py times in PyTorch, so the two
// can be compared as a ratio (bench/vs_torch.sh runs both and prints the table).
//
//   OMP_NUM_THREADS=2 build/bench/model_throughput_bench --benchmark_counters_tabular=true
//
// Models (untrained): arch 0 = rnn (emb 256, bi-LSTM encoder 256 per direction, decoder
// 256, additive attention, input feeding; env TOLMACH_BENCH_DIM_RNN sets the 256 of both).
// The reference's decoder and attention are 512 wide and its output layer reads 1024, so
// on a Multi30k pair it does ~3x the multiply-adds of ours at 256, ~1.2x at 512.
// arch 1 = transformer-small (d 256, 4 heads, ffn 1024, 3 + 3 layers, dropout 0.1 on
// sublayers, attention weights and ffn activations, as torch.nn.Transformer(dropout=0.1)).
// Vocabulary 8000 (joint, all embeddings tied for the transformer).
//
// Train: one full update (label-smoothed loss 0.1, backward, Adam) on batches of 128 pairs
// drawn like the reference's (lengths int(N(16, 4)) / int(N(17, 4.25)) clamped to [4, 2 mean]);
// two warm-up updates untimed. tokens_per_s counts source + target tokens as drawn, as
// the reference does (we process one more per side: the source eos and the target eos);
// tgt_tokens_per_s counts the tokens the loss sees (with eos), tolmach-train's words/s.
//
// Translate: tolmach's search (greedy for beam 1, beam search otherwise) on batches of 32
// sources, two untimed warm-up batches. Max length per sentence: ceil(1.2 x source length
// with eos) (--max-length-factor 1.2); the reference runs int(1.2 x longest source) steps
// for the whole batch and never stops early, so it produces more tokens: compare
// tgt_tokens_per_s too. An untrained model rarely emits eos, so outputs mostly run to it.
//
// Steps timed: env TOLMACH_BENCH_TRAIN_STEPS (default 5), TOLMACH_BENCH_TRANSLATE_BATCHES
// (default 10); read when the benchmarks are registered.
// peak_rss_mb is the process's peak resident memory (run one case per process to read it).
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cstdlib>
#include <random>
#include <string>

#include "bench_models.h"
#include "ops/binary.h"
#include "ops/matmul.h"
#include "search/beam_search.h"
#include "tensor/cpu_support.h"
#include "train/optimizer.h"

namespace tolmach {
namespace {

constexpr int kVocab = 8000;
enum Arch { kRnn = 0, kTransformer = 1 };
const char* const kArchNames[] = {"rnn", "transformer"};
// Inference precisions (nn::Precision's order); the RNN runs in f32 only.
const char* const kPrecisionNames[] = {"f32", "bf16", "int8"};

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && std::atoi(v) > 0 ? std::atoi(v) : fallback;
}

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024.0;  // kilobytes on Linux
}

std::unique_ptr<Seq2SeqModel> make_model(int arch) {
  if (arch == kRnn)
    return create_model(bench::rnn_config(256, env_int("TOLMACH_BENCH_DIM_RNN", 256), "additive", kVocab), 1);
  nlohmann::json cfg = bench::transformer_config(false, kVocab);
  cfg["transformer-dropout-attention"] = 0.1;
  cfg["transformer-dropout-ffn"] = 0.1;
  return create_model(cfg, 1);
}

std::unique_ptr<StepModel> decoder(Seq2SeqModel& model, int precision) {
  model.set_precision(static_cast<nn::Precision>(precision));
  return model.step_model();
}

struct TrainBatch {
  Batch batch;
  size_t drawn_tokens = 0;  // source + target lengths as drawn (the reference's count)
};

TrainBatch train_batch(std::mt19937& gen) {
  auto src = bench::multi30k_sentences(128, 16, kVocab, gen), tgt = bench::multi30k_sentences(128, 17, kVocab, gen);
  ParallelCorpus corpus("source", "target");
  std::vector<size_t> rows;
  TrainBatch b;
  for (size_t i = 0; i < src.size(); ++i) {
    corpus.add(src[i], tgt[i], i + 1);
    rows.push_back(i);
    b.drawn_tokens += src[i].size() + tgt[i].size();
  }
  b.batch = make_batch(corpus, rows, BatchShape{});
  return b;
}

// args: arch, precision (0: f32; 1: bf16 GEMM operands in linear layers, mixed precision)
void BM_Train(benchmark::State& st) {
  // As tolmach-train: mixed precision only where the CPU has bf16 kernels, else float32.
  const bool bf16 = st.range(1) && cpu_has_bf16_gemm();
  ops::set_linear_compute_dtype(bf16 ? DType::bf16 : DType::f32);
  auto model = make_model(static_cast<int>(st.range(0)));
  model->set_training(true);
  std::vector<Var> params;
  for (const auto& [name, v] : model->parameters()) params.push_back(v);
  Adam adam(params);
  std::mt19937 gen(1);
  std::vector<TrainBatch> pool;
  for (int i = 0; i < 8; ++i) pool.push_back(train_batch(gen));
  uint64_t seed = 0;
  auto update = [&](const Batch& b) {
    LossResult r = model->loss(b, {0.1f}, ++seed);
    ops::scale(r.sum, 1.f / static_cast<float>(r.tokens)).backward();  // the mean, as the reference
    adam.step(1e-4f);
  };
  update(pool[0].batch);  // warm-up: primitives created, allocator cache filled
  update(pool[1].batch);
  double drawn = 0, target = 0;
  size_t next = 2;
  for (auto _ : st) {
    const TrainBatch& b = pool[next++ % pool.size()];
    update(b.batch);
    drawn += b.drawn_tokens;
    target += b.batch.target_tokens;
  }
  st.SetLabel(std::string(kArchNames[st.range(0)]) + "/" + precision_on_this_cpu(kPrecisionNames[st.range(1)]));
  st.counters["tokens_per_s"] = benchmark::Counter(drawn, benchmark::Counter::kIsRate);
  st.counters["tgt_tokens_per_s"] = benchmark::Counter(target, benchmark::Counter::kIsRate);
  st.counters["peak_rss_mb"] = peak_rss_mb();
  ops::set_linear_compute_dtype(DType::f32);
}
BENCHMARK(BM_Train)
    ->ArgNames({"arch", "precision"})
    ->Args({kRnn, 0})
    ->Args({kTransformer, 0})
    ->Args({kTransformer, 1})
    ->Iterations(env_int("TOLMACH_BENCH_TRAIN_STEPS", 5))
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// args: arch, beam (1 = greedy), precision
void BM_Translate(benchmark::State& st) {
  const int beam = static_cast<int>(st.range(1));
  auto model = make_model(static_cast<int>(st.range(0)));
  auto step = decoder(*model, static_cast<int>(st.range(2)));
  SearchOptions o;
  o.beam_size = beam;
  o.n_best = 1;
  o.max_length_factor = 1.2f;
  o.banned = {0, 1};  // pad, bos: as tolmach-translate
  std::mt19937 gen(1);
  std::vector<SourceBatch> pool;
  for (int i = 0; i < 8; ++i) pool.push_back(make_source_batch(bench::multi30k_sentences(32, 16, kVocab, gen), {}));
  search(*step, pool[0], o);  // warm-up; later batches of new shapes still create oneDNN
  search(*step, pool[1], o);  // primitives (as in a real run): time enough batches
  double sentences = 0, produced = 0;
  size_t next = 2;
  for (auto _ : st) {
    for (const NBestList& n : search(*step, pool[next++ % pool.size()], o))
      produced += static_cast<double>(n[0].tokens.size() + (n[0].finished ? 1 : 0));
    sentences += 32;
  }
  st.SetLabel(std::string(kArchNames[st.range(0)]) + (beam == 1 ? " greedy " : " beam ") + precision_on_this_cpu(kPrecisionNames[st.range(2)]) +
              ", max length ceil(1.2 x source length with eos)");
  st.counters["sentences_per_s"] = benchmark::Counter(sentences, benchmark::Counter::kIsRate);
  st.counters["tgt_tokens_per_s"] = benchmark::Counter(produced, benchmark::Counter::kIsRate);
  st.counters["peak_rss_mb"] = peak_rss_mb();
}
BENCHMARK(BM_Translate)
    ->ArgNames({"arch", "beam", "precision"})
    ->ArgsProduct({{kRnn}, {1, 4}, {0}})
    ->ArgsProduct({{kTransformer}, {1, 4}, {0, 1, 2}})
    ->Iterations(env_int("TOLMACH_BENCH_TRANSLATE_BATCHES", 10))
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace tolmach
