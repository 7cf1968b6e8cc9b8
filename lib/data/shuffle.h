#pragma once
// Shuffling that gives the same order on every platform and standard library:
// std::mt19937_64's output is fixed by the standard, but std::shuffle and
// std::uniform_int_distribution are not, so we draw indices ourselves.
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace tolmach {

// A generator for (seed, stream): e.g. stream = epoch, so each epoch's order is a pure
// function of the seed and the epoch number, and resuming needs no saved RNG state.
std::mt19937_64 seeded_rng(uint64_t seed, uint64_t stream);

// Uniform in [0, n), without modulo bias. n > 0.
uint64_t uniform_below(std::mt19937_64& rng, uint64_t n);

// Fisher-Yates over [first, last).
template <class It>
void shuffle_range(It first, It last, std::mt19937_64& rng) {
  for (auto i = static_cast<uint64_t>(last - first); i > 1; --i)
    std::swap(first[i - 1], first[uniform_below(rng, i)]);
}

template <class T>
void shuffle_in_place(std::vector<T>& v, std::mt19937_64& rng) {
  shuffle_range(v.begin(), v.end(), rng);
}

}  // namespace tolmach
