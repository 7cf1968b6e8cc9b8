// RNN-attention model: one training update (loss + backward) and beam-search decoding of a
// batch, at Multi30k-like sizes (vocabulary 8000, 20-token sentences, batch 64,
// dim-emb 256, dim-rnn 512), per score function. Items = target tokens.
#include <benchmark/benchmark.h>

#include "bench_models.h"
#include "models/seq2seq.h"
#include "search/beam_search.h"

namespace tolmach {
namespace {

const char* const kScores[] = {"dot", "scaled-dot", "general", "additive", "cosine", "location"};

nlohmann::json config(int score, int window) {
  nlohmann::json c = bench::rnn_config(256, 512, kScores[score], 8000);
  c["attention-window"] = window;
  return c;
}

std::vector<std::vector<int>> sentences(int n, int len, unsigned seed) {
  return bench::random_sentences(n, len, 8000, seed);
}

void BM_TrainUpdate(benchmark::State& state) {
  auto model = create_model(config(state.range(0), state.range(1)), 1);
  model->set_training(true);
  ParallelCorpus c("s", "t");
  auto src = sentences(64, 20, 1), tgt = sentences(64, 20, 2);
  std::vector<size_t> idx;
  for (size_t i = 0; i < src.size(); ++i) c.add(src[i], tgt[i], i + 1), idx.push_back(i);
  Batch batch = make_batch(c, idx, BatchShape{});
  auto update = [&] {
    LossResult l = model->loss(batch, {0.1f}, 1);
    l.sum.backward();
    for (const auto& [name, v] : model->parameters()) v.zero_grad();
  };
  update();  // warm-up: primitives created, allocator cache filled
  for (auto _ : state) update();
  state.SetLabel(std::string(kScores[state.range(0)]) + (state.range(1) ? " local-p" : " global"));
  state.SetItemsProcessed(state.iterations() * batch.target_tokens);
}
BENCHMARK(BM_TrainUpdate)->Args({3, 0})->Args({2, 0})->Args({0, 0})->Args({2, 5})->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_BeamSearch(benchmark::State& state) {
  auto model = create_model(config(state.range(0), 0), 1);
  auto step = model->step_model();
  SourceBatch src = make_source_batch(sentences(16, 20, 3), BatchShape{});
  SearchOptions o;
  o.beam_size = 6;
  o.max_length = 20;  // an untrained model rarely stops: fixed-length hypotheses
  size_t tokens = 0;
  beam_search(*step, src, o);  // warm-up
  for (auto _ : state)
    for (const auto& n : beam_search(*step, src, o)) tokens += n[0].tokens.size();
  state.SetLabel(kScores[state.range(0)]);
  state.SetItemsProcessed(tokens);
}
BENCHMARK(BM_BeamSearch)->Arg(3)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace tolmach
