#pragma once
// Exact n-gram counting on integer symbols. A segment's symbols (word ids or code points)
// are packed into 128-bit keys, so counting is sort + run-length instead of string hashing.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace tolmach::metrics {

using NgramKey = unsigned __int128;
// Sorted, distinct keys with their counts.
using NgramCounts = std::vector<std::pair<NgramKey, uint32_t>>;

// Counts the order-n n-grams of `syms` (each < 2^bits). Symbol 0 means "matches nothing":
// n-grams containing it are left out (callers count totals separately). Requires bits*n <= 128.
NgramCounts count_ngrams(const std::vector<uint32_t>& syms, int bits, int n);

// Sum over keys of min(a, b): the clipped matches of two count lists.
uint64_t clipped_matches(const NgramCounts& a, const NgramCounts& b);
// Element-wise max, used to merge several references' counts.
NgramCounts max_counts(const NgramCounts& a, const NgramCounts& b);
uint64_t total_count(const NgramCounts& c);

// Word ids of one segment's references: ids 1..size(); unseen words map to 0.
class SegmentVocab {
 public:
  uint32_t add(std::string_view w);
  uint32_t find(std::string_view w) const;
  uint32_t size() const { return static_cast<uint32_t>(ids_.size()); }
  // Smallest bit width that holds every id.
  int bits() const;

 private:
  std::unordered_map<std::string, uint32_t> ids_;
};

int bit_width_of(uint32_t v);

}  // namespace tolmach::metrics
