#pragma once
// Models and synthetic data shared by the model benchmarks (untrained weights, random ids).
#include <algorithm>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/seq2seq.h"
#include "models/transformer/config.h"

namespace tolmach::bench {

// transformer-small / -base with a joint vocabulary and all embeddings tied.
inline nlohmann::json transformer_config(bool base, int64_t vocab) {
  nlohmann::json cfg = transformer::transformer_preset(base ? "transformer-base" : "transformer-small");
  cfg["src-vocab-size"] = vocab;
  cfg["tgt-vocab-size"] = vocab;
  cfg["tied-embeddings-all"] = true;
  return cfg;
}

inline nlohmann::json rnn_config(int64_t dim_emb, int64_t dim_rnn, const std::string& attention, int64_t vocab) {
  return {{"type", "rnn"},         {"dim-emb", dim_emb},       {"dim-rnn", dim_rnn},
          {"attention", attention}, {"src-vocab-size", vocab}, {"tgt-vocab-size", vocab}};
}

// B sentences of T random ids in [3, vocab).
inline std::vector<std::vector<int>> random_sentences(int64_t B, int64_t T, int64_t vocab, uint64_t seed) {
  std::mt19937 gen(static_cast<std::mt19937::result_type>(seed));
  std::vector<std::vector<int>> out(B, std::vector<int>(T));
  for (auto& s : out)
    for (int& w : s) w = 3 + static_cast<int>(gen() % (vocab - 3));
  return out;
}

// Multi30k-shaped sentences as bench reference_torch.py draws them: lengths
// int(N(mean, mean / 4)) clamped to [4, 2 * mean], ids uniform in [3, vocab).
inline std::vector<std::vector<int>> multi30k_sentences(int n, int mean, int vocab, std::mt19937& gen) {
  std::normal_distribution<double> len(mean, mean / 4.0);
  std::uniform_int_distribution<int> id(3, vocab - 1);
  std::vector<std::vector<int>> out(n);
  for (auto& s : out) {
    const int l = std::max(4, std::min(2 * mean, static_cast<int>(len(gen))));
    s.resize(l);
    for (int& w : s) w = id(gen);
  }
  return out;
}

}  // namespace tolmach::bench
