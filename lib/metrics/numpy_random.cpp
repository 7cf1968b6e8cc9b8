#include "metrics/numpy_random.h"

namespace tolmach::metrics {
namespace {

// SeedSequence constants (numpy/random/bit_generator.pyx).
constexpr uint32_t kInitA = 0x43b0d7e5, kMultA = 0x931e8875;
constexpr uint32_t kInitB = 0x8b51f9dd, kMultB = 0x58f38ded;
constexpr uint32_t kMixMultL = 0xca01f9dd, kMixMultR = 0x4973f715;
constexpr int kPoolSize = 4;

uint32_t hashmix(uint32_t value, uint32_t& hash_const) {
  value ^= hash_const;
  hash_const *= kMultA;
  value *= hash_const;
  value ^= value >> 16;
  return value;
}

uint32_t mix(uint32_t x, uint32_t y) {
  uint32_t r = kMixMultL * x - kMixMultR * y;
  r ^= r >> 16;
  return r;
}

std::vector<uint32_t> seed_pool(uint64_t entropy) {
  std::vector<uint32_t> words;  // little-endian 32-bit words of the integer
  do {
    words.push_back(static_cast<uint32_t>(entropy));
    entropy >>= 32;
  } while (entropy);
  std::vector<uint32_t> pool(kPoolSize);
  uint32_t hc = kInitA;
  for (int i = 0; i < kPoolSize; ++i)
    pool[i] = hashmix(i < static_cast<int>(words.size()) ? words[i] : 0, hc);
  for (int s = 0; s < kPoolSize; ++s)
    for (int d = 0; d < kPoolSize; ++d)
      if (s != d) pool[d] = mix(pool[d], hashmix(pool[s], hc));
  for (size_t s = kPoolSize; s < words.size(); ++s)
    for (int d = 0; d < kPoolSize; ++d) pool[d] = mix(pool[d], hashmix(words[s], hc));
  return pool;
}

using u128 = unsigned __int128;
const u128 kPcgMult = (u128(2549297995355413924ULL) << 64) | 4865540595714422341ULL;

}  // namespace

std::vector<uint32_t> seed_sequence_state(uint64_t entropy, size_t n_words) {
  const auto pool = seed_pool(entropy);
  std::vector<uint32_t> out(n_words);
  uint32_t hc = kInitB;
  for (size_t i = 0; i < n_words; ++i) {
    uint32_t v = pool[i % kPoolSize];
    v ^= hc;
    hc *= kMultB;
    v *= hc;
    v ^= v >> 16;
    out[i] = v;
  }
  return out;
}

NumpyGenerator::NumpyGenerator(uint64_t seed) {
  const auto w = seed_sequence_state(seed, 8);  // generate_state(4, uint64)
  uint64_t s[4];
  for (int k = 0; k < 4; ++k) s[k] = uint64_t(w[2 * k]) | (uint64_t(w[2 * k + 1]) << 32);
  const u128 initstate = (u128(s[0]) << 64) | s[1];
  const u128 initseq = (u128(s[2]) << 64) | s[3];
  state_ = 0;
  inc_ = (initseq << 1) | 1;
  state_ = state_ * kPcgMult + inc_;
  state_ += initstate;
  state_ = state_ * kPcgMult + inc_;
}

uint64_t NumpyGenerator::next_uint64() {
  state_ = state_ * kPcgMult + inc_;
  const uint64_t x = static_cast<uint64_t>(state_ >> 64) ^ static_cast<uint64_t>(state_);
  const unsigned rot = static_cast<unsigned>(state_ >> 122);
  return (x >> rot) | (x << ((64 - rot) & 63));
}

uint32_t NumpyGenerator::next_uint32() {
  if (has_uint32_) {
    has_uint32_ = false;
    return uinteger_;
  }
  const uint64_t v = next_uint64();
  has_uint32_ = true;
  uinteger_ = static_cast<uint32_t>(v >> 32);
  return static_cast<uint32_t>(v);
}

double NumpyGenerator::random() { return (next_uint64() >> 11) * (1.0 / 9007199254740992.0); }

int64_t NumpyGenerator::integers(uint64_t high) {
  const uint64_t rng = high - 1;  // inclusive range
  if (rng == 0) return 0;
  if (rng == 0xFFFFFFFFULL) return next_uint32();
  // Lemire's nearly-divisionless bounded draw on 32-bit outputs.
  const uint32_t rng_excl = static_cast<uint32_t>(rng) + 1;
  uint64_t m = uint64_t(next_uint32()) * rng_excl;
  uint32_t leftover = static_cast<uint32_t>(m);
  if (leftover < rng_excl) {
    const uint32_t threshold = (0xFFFFFFFFu - static_cast<uint32_t>(rng)) % rng_excl;
    while (leftover < threshold) {
      m = uint64_t(next_uint32()) * rng_excl;
      leftover = static_cast<uint32_t>(m);
    }
  }
  return static_cast<int64_t>(m >> 32);
}

std::vector<int64_t> NumpyGenerator::integers(uint64_t high, size_t count) {
  std::vector<int64_t> out(count);
  for (auto& v : out) v = integers(high);
  return out;
}

std::vector<uint8_t> NumpyGenerator::booleans(size_t count) {
  std::vector<uint8_t> out(count);
  uint32_t buf = 0;
  int bcnt = 0;
  for (auto& v : out) {
    if (!bcnt) {
      buf = next_uint32();
      bcnt = 31;
    } else {
      buf >>= 1;
      --bcnt;
    }
    v = buf & 1u;
  }
  return out;
}

}  // namespace tolmach::metrics
