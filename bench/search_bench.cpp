// Cost of search itself (top-k, back-pointers, attention capture) per sentence, with a
// model that only copies precomputed log-probs: what search adds on top of the network.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>

#include "search/beam_search.h"
#include "search/greedy_search.h"

namespace tolmach {
namespace {

// Log-probs drawn once; eos becomes likely after `length` steps so outputs have that length.
class TableModel : public StepModel {
 public:
  TableModel(int vocab, int length) : vocab_(vocab), length_(length), table_(vocab * 64) {
    std::mt19937 rng(1);
    std::normal_distribution<float> n(0.f, 2.f);
    for (float& x : table_) x = n(rng) - std::log(float(vocab));
  }
  int vocab_size() const override { return vocab_; }
  void start(const SourceBatch& s) override { width_ = s.width; }
  void step(const StepInput& in, StepOutput& out, bool attention) override {
    out.logprobs.resize(static_cast<size_t>(in.rows()) * vocab_);
    for (int r = 0; r < in.rows(); ++r) {
      float* row = out.logprobs.data() + static_cast<size_t>(r) * vocab_;
      std::copy_n(table_.data() + (r % 64) * vocab_, vocab_, row);
      row[2] = in.step >= length_ ? 0.f : -30.f;
    }
    if (attention) out.attention.assign(static_cast<size_t>(in.rows()) * width_, 1.f / width_);
  }

 private:
  int vocab_, length_, width_ = 0;
  std::vector<float> table_;
};

void BM_Search(benchmark::State& state) {
  const int beam = static_cast<int>(state.range(0)), sentences = 32, length = 20, vocab = 8000;
  TableModel model(vocab, length);
  const SourceBatch src = make_source_batch(std::vector<std::vector<int>>(sentences, std::vector<int>(20, 5)), {});
  SearchOptions o;
  o.beam_size = beam;
  o.n_best = beam;
  o.attention = state.range(1) != 0;
  for (auto _ : state) benchmark::DoNotOptimize(search(model, src, o));
  state.SetItemsProcessed(state.iterations() * sentences);  // sentences/s
}
BENCHMARK(BM_Search)->ArgsProduct({{1, 4, 12}, {0, 1}})->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tolmach
