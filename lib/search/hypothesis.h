#pragma once
// A decoded translation and the options of search.
#include <cstddef>
#include <vector>

namespace tolmach {

struct SearchOptions {
  int beam_size = 6;              // --beam-size (K); 1 gives greedy-like search
  float normalize = 0.6f;         // --normalize: rank finished hypotheses by score / length^alpha
  float max_length_factor = 3.f;  // --max-length-factor: at most ceil(factor * source length) tokens
  int max_length = 1000;          // --max-length: hard cap on output tokens
  size_t n_best = 1;              // hypotheses returned per sentence (--n-best: beam_size)
  bool attention = false;         // capture per-token source attention (alignments)
  std::vector<int> banned;        // never produced: pad, bos, unk (unless --allow-unk)
  int bos = 1;
  int eos = 2;
};

struct Hypothesis {
  std::vector<int> tokens;         // output without eos
  std::vector<float> token_scores; // log-prob of each output token, eos included when emitted
  float score = 0.f;               // sum of token_scores (Marian's F0)
  float normalized = 0.f;          // score / length^alpha, length counting eos (the ranking score)
  bool finished = true;            // false if cut at the maximum length (no eos)
  // When captured: one row per output token (eos included), weights over the real
  // (unpadded) source positions.
  std::vector<std::vector<float>> attention;
};

using NBestList = std::vector<Hypothesis>;  // best first

// Output length limit for a source of `source_length` tokens (with eos), at least 1. Like
// Marian, ceil(factor * length), but per sentence (Marian uses the batch's widest source,
// which makes a translation depend on its batch).
int max_output_length(const SearchOptions& options, int source_length);

// score / length^alpha as Marian's --normalize (alpha = 0 leaves the score).
float length_normalized(float score, size_t length, float alpha);

}  // namespace tolmach
