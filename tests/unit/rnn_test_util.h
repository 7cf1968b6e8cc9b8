#pragma once
// Shared fixtures of the RNN-attention tests: tiny configs and generated copy / reverse data.
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/batch.h"
#include "data/corpus.h"
#include "tensor/threads.h"

namespace tolmach::testing {

// The models here are tiny: one thread avoids OpenMP synchronisation costs (and spinning
// workers on a loaded machine) that dwarf the arithmetic.
struct SingleThread {
  SingleThread() { set_num_threads(1); }
};

inline nlohmann::json tiny_rnn_config(const std::string& attention, int window = 0, int64_t vocab = 12) {
  return {{"type", "rnn"},          {"dim-emb", 6},        {"dim-rnn", 5},
          {"enc-depth", 1},         {"dec-depth", 1},      {"attention", attention},
          {"attention-window", window}, {"attention-max-length", 16}, {"src-vocab-size", vocab},
          {"tgt-vocab-size", vocab}, {"pad-id", 0},        {"bos-id", 1},
          {"eos-id", 2}};
}

// Pairs (x, reverse(x)) (or (x, x) when !reverse) of random tokens in [3, vocab), lengths in
// [min_len, max_len].
inline ParallelCorpus reverse_corpus(size_t n, int vocab, int min_len, int max_len, unsigned seed,
                                     bool reverse = true) {
  std::mt19937 gen(seed);
  std::uniform_int_distribution<int> tok(3, vocab - 1), len(min_len, max_len);
  ParallelCorpus c("src", "tgt");
  for (size_t i = 0; i < n; ++i) {
    std::vector<int> x(len(gen));
    for (int& t : x) t = tok(gen);
    std::vector<int> y = x;
    if (reverse) std::reverse(y.begin(), y.end());
    c.add(x, y, i + 1);
  }
  return c;
}

inline Batch batch_of(const ParallelCorpus& c, size_t begin, size_t end) {
  std::vector<size_t> idx;
  for (size_t i = begin; i < end; ++i) idx.push_back(i);
  return make_batch(c, idx, BatchShape{});
}

}  // namespace tolmach::testing

#include <cmath>
#include <functional>
#include <sstream>

#include "autograd/gradcheck.h"
#include "nn/module.h"
#include "ops/binary.h"
#include "ops/reduce.h"

namespace tolmach::testing {

// Finite-difference check of d L / d p for every named parameter p, L = sum(f() * R) with
// R a fixed random tensor (as lib/autograd/gradcheck does for op inputs; parameters live
// inside layers, so this one perturbs them in place). Up to max_checks positions per tensor.
inline GradCheckResult param_gradcheck(const std::function<Var()>& f, const nn::NamedParams& params,
                                       const GradCheckOptions& o = {}) {
  Var out = f();
  Tensor r = random_uniform(out.shape(), -1.f, 1.f, o.seed);
  for (const auto& [name, p] : params) p.zero_grad();
  ops::sum(ops::mul(out, Var(r))).backward();
  auto loss = [&] {
    NoGradGuard ng;
    std::vector<float> y = f().value().to_vector(), rv = r.to_vector();
    double s = 0;
    for (size_t i = 0; i < y.size(); ++i) s += static_cast<double>(y[i]) * rv[i];
    return s;
  };
  GradCheckResult res;
  std::ostringstream report;
  std::mt19937 gen(static_cast<unsigned>(o.seed));
  for (const auto& [name, p0] : params) {
    Var p = p0;  // a handle: mutable_value() edits the shared parameter
    Tensor g = p.grad().defined() ? p.grad().contiguous() : Tensor::zeros(p.shape());
    std::vector<float> analytic = g.to_vector();
    float* v = p.mutable_value().data<float>();  // parameters are contiguous f32
    const int64_t n = p.value().numel();
    std::vector<int64_t> idx(n);
    for (int64_t i = 0; i < n; ++i) idx[i] = i;
    std::shuffle(idx.begin(), idx.end(), gen);
    if (n > o.max_checks) idx.resize(o.max_checks);
    for (int64_t i : idx) {
      const float orig = v[i];
      v[i] = orig + static_cast<float>(o.eps);
      double up = loss();
      v[i] = orig - static_cast<float>(o.eps);
      double down = loss();
      v[i] = orig;
      double numeric = (up - down) / (2 * o.eps), a = analytic[i], err = std::fabs(a - numeric);
      res.max_abs_err = std::max(res.max_abs_err, err);
      if (err > o.atol + o.rtol * std::fabs(numeric)) {
        res.ok = false;
        report << name << "[" << i << "]: analytic " << a << " numeric " << numeric << "\n";
      }
    }
  }
  res.report = report.str();
  return res;
}

}  // namespace tolmach::testing
