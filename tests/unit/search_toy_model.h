#pragma once
// A StepModel whose next-token log-probs are a known function of (source, prefix). It keeps
// each row's prefix as cached state and moves it by `parents` only, never seeing the
// hypotheses' tokens any other way: if search passed wrong parents, the scores it gets back
// would be for the wrong prefixes and the tests comparing against the table would fail.
#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "search/step_model.h"

namespace tolmach::testing {

// (source ids without padding, prefix) -> probabilities over the vocabulary.
using ProbTable = std::function<std::vector<double>(const std::vector<int>&, const std::vector<int>&)>;

// log(p) in float: what the model reports and what tests add up.
inline std::vector<float> log_probs(const std::vector<double>& p) {
  std::vector<float> lp;
  for (double x : p) lp.push_back(static_cast<float>(std::log(x)));
  return lp;
}

// Attention over the real source positions: a deterministic function of the prefix.
inline std::vector<float> toy_attention(const std::vector<int>& source, const std::vector<int>& prefix) {
  std::vector<float> a(source.size());
  float sum = 0;
  for (size_t j = 0; j < a.size(); ++j) {
    unsigned h = 17u * static_cast<unsigned>(j + 1);
    for (int t : prefix) h = h * 31u + static_cast<unsigned>(t);
    sum += a[j] = 1.f + static_cast<float>(h % 7u);
  }
  for (float& x : a) x /= sum;
  return a;
}

class ToyModel : public StepModel {
 public:
  ToyModel(int vocab, int bos, ProbTable table) : vocab_(vocab), bos_(bos), table_(std::move(table)) {}
  int vocab_size() const override { return vocab_; }

  void start(const SourceBatch& src) override {
    sources_.clear();
    for (int b = 0; b < src.size; ++b)
      sources_.emplace_back(src.ids.begin() + b * src.width,
                            src.ids.begin() + b * src.width + src.lengths[b]);
    width_ = src.width;
    rows_.clear();
    parents_log.clear();
  }

  void step(const StepInput& in, StepOutput& out, bool want_attention) override {
    std::vector<Row> rows;
    for (int r = 0; r < in.rows(); ++r) {
      Row row;
      if (in.step == 0) {
        expect(in.parents[r] == r && in.sentences[r] == r && in.tokens[r] == bos_, "bad step 0");
        row.sentence = r;
      } else {
        expect(in.parents[r] >= 0 && in.parents[r] < static_cast<int>(rows_.size()), "bad parent");
        row = rows_[in.parents[r]];
        expect(row.sentence == in.sentences[r], "parent of another sentence");
        row.prefix.push_back(in.tokens[r]);
      }
      expect(static_cast<int>(row.prefix.size()) == in.step, "prefix length != step");
      rows.push_back(std::move(row));
    }
    rows_ = std::move(rows);
    parents_log.push_back(in.parents);
    out.logprobs.clear();
    out.attention.assign(want_attention ? rows_.size() * width_ : 0, 0.f);
    for (size_t r = 0; r < rows_.size(); ++r) {
      const auto& src = sources_[rows_[r].sentence];
      const std::vector<double> p = table_(src, rows_[r].prefix);
      expect(static_cast<int>(p.size()) == vocab_, "table size");
      for (float x : log_probs(p)) out.logprobs.push_back(x);
      if (want_attention) {
        const std::vector<float> a = toy_attention(src, rows_[r].prefix);
        std::copy(a.begin(), a.end(), out.attention.begin() + r * width_);
      }
    }
    ++steps;
  }

  int steps = 0;
  std::vector<std::vector<int>> parents_log;  // in.parents of every step() since start()

 private:
  struct Row {
    int sentence = 0;
    std::vector<int> prefix;  // tokens after bos
  };
  static void expect(bool ok, const char* what) {
    if (!ok) throw std::logic_error(std::string("ToyModel: ") + what);
  }
  int vocab_, bos_;
  ProbTable table_;
  std::vector<std::vector<int>> sources_;
  std::vector<Row> rows_;
  int width_ = 0;
};

// Pseudo-random distributions that depend on the whole source and prefix, with eos
// (id 2) growing likelier with the prefix length so hypotheses end.
inline ProbTable hashed_table(int vocab, unsigned seed) {
  return [vocab, seed](const std::vector<int>& src, const std::vector<int>& prefix) {
    unsigned h = seed;
    for (int x : src) h = h * 1000003u + static_cast<unsigned>(x);
    for (int x : prefix) h = (h ^ static_cast<unsigned>(x)) * 2654435761u + 7u;
    std::vector<double> p(vocab);
    double sum = 0;
    for (int v = 0; v < vocab; ++v) {
      h = h * 1664525u + 1013904223u;
      p[v] = std::exp(3.0 * ((h >> 8) % 10007) / 10007.0);
      if (v == 2) p[v] *= 0.2 * (1 + prefix.size());
      sum += p[v];
    }
    for (double& x : p) x /= sum;
    return p;
  };
}

}  // namespace tolmach::testing
