#include "metrics/ngram.h"

#include <algorithm>
#include <functional>
#include <stdexcept>

namespace tolmach::metrics {
namespace {

void check_fits(int bits, int n) {
  if (bits * n > 128)
    throw std::runtime_error("n-gram order " + std::to_string(n) +
                             " too large for this segment's vocabulary");
}

// Keys of the order-n n-grams without a 0 symbol, sorted, into `keys`.
template <class Key>
void sorted_keys(const std::vector<uint32_t>& syms, int bits, int n, std::vector<Key>& keys) {
  keys.clear();
  if (static_cast<int>(syms.size()) < n) return;
  constexpr int kKeyBits = 8 * sizeof(Key);
  const Key mask = bits * n >= kKeyBits ? ~Key(0) : ((Key(1) << (bits * n)) - 1);
  Key key = 0;
  long last_zero = -1;
  for (long i = 0; i < static_cast<long>(syms.size()); ++i) {
    key = ((key << bits) | syms[i]) & mask;
    if (syms[i] == 0) last_zero = i;
    if (i + 1 >= n && last_zero <= i - n) keys.push_back(key);
  }
  std::sort(keys.begin(), keys.end());
}

template <class Key>
std::vector<Key>& scratch() {
  thread_local std::vector<Key> keys;
  return keys;
}

template <class Key>
uint64_t matches(const std::vector<uint32_t>& syms, int bits, int n, const Key* rk,
                 const uint32_t* rc, size_t nr) {
  std::vector<Key>& keys = scratch<Key>();
  sorted_keys(syms, bits, n, keys);
  uint64_t m = 0;
  size_t j = 0;
  for (size_t i = 0; i < keys.size();) {
    size_t e = i + 1;
    while (e < keys.size() && keys[e] == keys[i]) ++e;
    while (j < nr && rk[j] < keys[i]) ++j;
    if (j == nr) break;
    if (rk[j] == keys[i]) m += std::min<uint64_t>(e - i, rc[j]);
    i = e;
  }
  return m;
}

}  // namespace

int bit_width_of(uint32_t v) {
  int b = 1;
  while (b < 32 && (v >> b) != 0) ++b;
  return b;
}

template <>
const uint64_t* NgramTable::keys<uint64_t>(int n) const { return keys64_.data() + offsets_[n - 1]; }
template <>
const NgramKey* NgramTable::keys<NgramKey>(int n) const { return keys128_.data() + offsets_[n - 1]; }

template <>
std::vector<uint64_t>& NgramTable::key_vector<uint64_t>() { return keys64_; }
template <>
std::vector<NgramKey>& NgramTable::key_vector<NgramKey>() { return keys128_; }

void NgramTable::assign(const std::vector<uint32_t>& syms, int bits, int max_order) {
  check_fits(bits, max_order);
  keys64_.clear();
  keys128_.clear();
  counts_.clear();
  offsets_.clear();
  wide_ = bits * max_order > 64;
  if (wide_) build<NgramKey>(syms, bits, max_order);
  else build<uint64_t>(syms, bits, max_order);
}

template <class Key>
void NgramTable::build(const std::vector<uint32_t>& syms, int bits, int max_order) {
  std::vector<Key>& out = key_vector<Key>();
  size_t total = 0;
  for (int n = 1; n <= max_order; ++n) total += syms.size() >= static_cast<size_t>(n) ? syms.size() - n + 1 : 0;
  out.reserve(total);
  counts_.reserve(total);
  offsets_.push_back(0);
  std::vector<Key>& keys = scratch<Key>();
  for (int n = 1; n <= max_order; ++n) {
    sorted_keys(syms, bits, n, keys);
    for (size_t i = 0; i < keys.size();) {
      size_t j = i + 1;
      while (j < keys.size() && keys[j] == keys[i]) ++j;
      out.push_back(keys[i]);
      counts_.push_back(static_cast<uint32_t>(j - i));
      i = j;
    }
    offsets_.push_back(static_cast<uint32_t>(counts_.size()));
  }
}

void NgramTable::merge_max(const NgramTable& other) {
  if (wide_) merge<NgramKey>(other);
  else merge<uint64_t>(other);
}

template <class Key>
void NgramTable::merge(const NgramTable& other) {
  std::vector<Key> keys;
  std::vector<uint32_t> counts;
  std::vector<uint32_t> offsets{0};
  for (int n = 1; n <= max_order(); ++n) {
    const Key *a = this->keys<Key>(n), *b = other.keys<Key>(n);
    const uint32_t *ca = this->counts(n), *cb = other.counts(n);
    size_t i = 0, j = 0;
    const size_t na = size(n), nb = other.size(n);
    while (i < na || j < nb) {
      if (j == nb || (i < na && a[i] < b[j])) {
        keys.push_back(a[i]);
        counts.push_back(ca[i++]);
      } else if (i == na || b[j] < a[i]) {
        keys.push_back(b[j]);
        counts.push_back(cb[j++]);
      } else {
        keys.push_back(a[i]);
        counts.push_back(std::max(ca[i++], cb[j++]));
      }
    }
    offsets.push_back(static_cast<uint32_t>(counts.size()));
  }
  key_vector<Key>() = std::move(keys);
  counts_ = std::move(counts);
  offsets_ = std::move(offsets);
}

namespace {

// Keys of the order-n n-grams without a 0 symbol (unsorted), bits * n <= 64.
void window_keys(const std::vector<uint32_t>& syms, int bits, int n, std::vector<uint64_t>& keys) {
  keys.clear();
  if (static_cast<int>(syms.size()) < n) return;
  const uint64_t mask = bits * n >= 64 ? ~uint64_t(0) : ((uint64_t(1) << (bits * n)) - 1);
  uint64_t key = 0;
  long last_zero = -1;
  for (long i = 0; i < static_cast<long>(syms.size()); ++i) {
    key = ((key << bits) | syms[i]) & mask;
    if (syms[i] == 0) last_zero = i;
    if (i + 1 >= n && last_zero <= i - n) keys.push_back(key);
  }
}

struct HashSlot {
  uint64_t key;
  uint32_t count;
  uint32_t stamp;  // slot is empty unless stamp == the table's current stamp
};

}  // namespace

uint64_t clipped_matches(const std::vector<uint32_t>& hyp, const std::vector<uint32_t>& ref,
                         int bits, int n) {
  if (bits * n > 64) return clipped_matches(hyp, bits, n, NgramTable(ref, bits, n));
  thread_local std::vector<uint64_t> ref_keys, hyp_keys;
  thread_local std::vector<HashSlot> table;
  thread_local uint32_t stamp = 0;
  window_keys(ref, bits, n, ref_keys);
  if (ref_keys.empty()) return 0;
  window_keys(hyp, bits, n, hyp_keys);
  int log_cap = 4;
  while ((size_t(1) << log_cap) < 2 * ref_keys.size()) ++log_cap;
  const size_t cap = size_t(1) << log_cap, mask = cap - 1;
  if (table.size() < cap) {
    table.assign(cap, HashSlot{0, 0, 0});
    stamp = 0;
  }
  if (++stamp == 0) {  // wrapped: clear stale stamps
    for (auto& slot : table) slot.stamp = 0;
    stamp = 1;
  }
  auto slot_of = [&](uint64_t key) {
    size_t h = static_cast<size_t>((key * 0x9E3779B97F4A7C15ULL) >> (64 - log_cap));
    while (table[h].stamp == stamp && table[h].key != key) h = (h + 1) & mask;
    return h;
  };
  for (uint64_t k : ref_keys) {
    HashSlot& slot = table[slot_of(k)];
    if (slot.stamp != stamp) slot = HashSlot{k, 0, stamp};
    ++slot.count;
  }
  uint64_t m = 0;
  for (uint64_t k : hyp_keys) {
    HashSlot& slot = table[slot_of(k)];
    if (slot.stamp == stamp && slot.count > 0) {
      --slot.count;
      ++m;
    }
  }
  return m;
}

uint64_t clipped_matches(const std::vector<uint32_t>& syms, int bits, int n, const NgramTable& ref) {
  if (ref.size(n) == 0) return 0;
  if (ref.wide()) return matches(syms, bits, n, ref.keys<NgramKey>(n), ref.counts(n), ref.size(n));
  return matches(syms, bits, n, ref.keys<uint64_t>(n), ref.counts(n), ref.size(n));
}

void SegmentVocab::clear() {
  words_.clear();
  if (slots_.size() != 64) slots_.assign(64, 0);  // back to the small table
  else std::fill(slots_.begin(), slots_.end(), 0);
}

size_t SegmentVocab::slot(std::string_view w) const {
  const size_t mask = slots_.size() - 1;
  size_t h = std::hash<std::string_view>{}(w) & mask;
  while (slots_[h] != 0 && words_[slots_[h] - 1] != w) h = (h + 1) & mask;
  return h;
}

void SegmentVocab::grow() {
  slots_.assign(slots_.size() * 2, 0);
  for (size_t id = 1; id <= words_.size(); ++id) slots_[slot(words_[id - 1])] = static_cast<uint32_t>(id);
}

void SegmentVocab::add(std::string_view w) {
  if (slots_.empty()) slots_.assign(64, 0);
  const size_t h = slot(w);
  if (slots_[h] != 0) return;
  words_.push_back(w);
  slots_[h] = static_cast<uint32_t>(words_.size());
  if (2 * words_.size() > slots_.size()) grow();
}

uint32_t SegmentVocab::find(std::string_view w) const {
  return slots_.empty() ? 0 : slots_[slot(w)];
}

}  // namespace tolmach::metrics
