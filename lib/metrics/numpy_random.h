#pragma once
// numpy's default_rng(seed) stream, bit for bit: SeedSequence -> PCG64 (XSL-RR 128/64) and
// the Generator methods sacreBLEU's significance tests call (integers / choice with
// replacement via Lemire's bounded 32-bit method, and boolean draws one bit at a time).
// Reproducing the stream is what makes p-values and confidence intervals identical.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace tolmach::metrics {

class NumpyGenerator {
 public:
  explicit NumpyGenerator(uint64_t seed);
  uint64_t next_uint64();
  uint32_t next_uint32();  // low half of a 64-bit draw, then its high half
  double random();         // Generator.random(): 53-bit double in [0, 1)
  // Generator.integers(0, high) (dtype int64, high <= 2^32): one value.
  int64_t integers(uint64_t high);
  // Generator.integers(0, high, size=count) / choice(high, size=count, replace=True).
  std::vector<int64_t> integers(uint64_t high, size_t count);
  // Generator.integers(2, size=count, dtype=bool).
  std::vector<uint8_t> booleans(size_t count);

 private:
  unsigned __int128 state_, inc_;
  bool has_uint32_ = false;
  uint32_t uinteger_ = 0;
};

// SeedSequence(entropy).generate_state(n_words) as 32-bit words (exposed for tests).
std::vector<uint32_t> seed_sequence_state(uint64_t entropy, size_t n_words);

}  // namespace tolmach::metrics
