#include "data/shuffle.h"

namespace tolmach {
namespace {

// SplitMix64 finaliser: spreads nearby (seed, stream) pairs to unrelated generator seeds.
uint64_t mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

}  // namespace

std::mt19937_64 seeded_rng(uint64_t seed, uint64_t stream) {
  return std::mt19937_64(mix(mix(seed) ^ stream));
}

uint64_t uniform_below(std::mt19937_64& rng, uint64_t n) {
  const uint64_t reject_below = (0 - n) % n;  // 2^64 mod n
  uint64_t r;
  do r = rng(); while (r < reject_below);
  return r % n;
}

}  // namespace tolmach
