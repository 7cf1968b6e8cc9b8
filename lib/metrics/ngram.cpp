#include "metrics/ngram.h"

#include <algorithm>
#include <stdexcept>

namespace tolmach::metrics {

int bit_width_of(uint32_t v) {
  int b = 1;
  while (b < 32 && (v >> b) != 0) ++b;
  return b;
}

NgramCounts count_ngrams(const std::vector<uint32_t>& syms, int bits, int n) {
  if (bits * n > 128)
    throw std::runtime_error("n-gram order " + std::to_string(n) +
                             " too large for this segment's vocabulary");
  NgramCounts out;
  if (static_cast<int>(syms.size()) < n) return out;
  std::vector<NgramKey> keys;
  keys.reserve(syms.size() - n + 1);
  // Slide a window, remembering the last zero so n-grams containing one are skipped.
  NgramKey key = 0;
  const NgramKey mask = bits * n == 128 ? ~NgramKey(0) : ((NgramKey(1) << (bits * n)) - 1);
  long last_zero = -1;
  for (long i = 0; i < static_cast<long>(syms.size()); ++i) {
    key = ((key << bits) | syms[i]) & mask;
    if (syms[i] == 0) last_zero = i;
    if (i + 1 >= n && last_zero <= i - n) keys.push_back(key);
  }
  std::sort(keys.begin(), keys.end());
  for (size_t i = 0; i < keys.size();) {
    size_t j = i + 1;
    while (j < keys.size() && keys[j] == keys[i]) ++j;
    out.emplace_back(keys[i], static_cast<uint32_t>(j - i));
    i = j;
  }
  return out;
}

uint64_t clipped_matches(const NgramCounts& a, const NgramCounts& b) {
  uint64_t m = 0;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i].first < b[j].first) {
      ++i;
    } else if (b[j].first < a[i].first) {
      ++j;
    } else {
      m += std::min(a[i].second, b[j].second);
      ++i;
      ++j;
    }
  }
  return m;
}

NgramCounts max_counts(const NgramCounts& a, const NgramCounts& b) {
  NgramCounts out;
  out.reserve(a.size() + b.size());
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].first < b[j].first)) {
      out.push_back(a[i++]);
    } else if (i == a.size() || b[j].first < a[i].first) {
      out.push_back(b[j++]);
    } else {
      out.emplace_back(a[i].first, std::max(a[i].second, b[j].second));
      ++i;
      ++j;
    }
  }
  return out;
}

uint64_t total_count(const NgramCounts& c) {
  uint64_t t = 0;
  for (const auto& kv : c) t += kv.second;
  return t;
}

uint32_t SegmentVocab::add(std::string_view w) {
  auto it = ids_.find(std::string(w));
  if (it != ids_.end()) return it->second;
  const uint32_t id = static_cast<uint32_t>(ids_.size()) + 1;
  ids_.emplace(std::string(w), id);
  return id;
}

uint32_t SegmentVocab::find(std::string_view w) const {
  auto it = ids_.find(std::string(w));
  return it == ids_.end() ? 0 : it->second;
}

int SegmentVocab::bits() const { return bit_width_of(size()); }

}  // namespace tolmach::metrics
