#pragma once
// Exact n-gram counting on integer symbols. A segment's symbols (word or character ids) are
// packed into one integer key (64 bits when they fit, else 128), so counting is sort +
// run-length instead of string hashing, and a segment's tables live in a few flat arrays.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tolmach::metrics {

using NgramKey = unsigned __int128;

// Sorted, distinct n-gram keys with counts, for orders 1..max_order of one token sequence.
// Symbol 0 means "matches nothing": n-grams containing it are left out.
int bit_width_of(uint32_t v);

class NgramTable {
 public:
  NgramTable() = default;
  NgramTable(const std::vector<uint32_t>& syms, int bits, int max_order) { assign(syms, bits, max_order); }
  // Rebuilds the table in place (keeps capacity: tables are reused per thread).
  void assign(const std::vector<uint32_t>& syms, int bits, int max_order);
  int max_order() const { return static_cast<int>(offsets_.empty() ? 0 : offsets_.size() - 1); }
  // Number of distinct n-grams of order n stored (0 when the sequence is shorter than n).
  size_t size(int n) const { return offsets_[n] - offsets_[n - 1]; }
  bool wide() const { return wide_; }
  template <class Key>
  const Key* keys(int n) const;
  const uint32_t* counts(int n) const { return counts_.data() + offsets_[n - 1]; }
  // Element-wise max with another table of the same orders and bits (several references).
  void merge_max(const NgramTable& other);

 private:
  template <class Key>
  std::vector<Key>& key_vector();
  template <class Key>
  void build(const std::vector<uint32_t>& syms, int bits, int max_order);
  template <class Key>
  void merge(const NgramTable& other);
  bool wide_ = false;  // 128-bit keys
  std::vector<uint64_t> keys64_;
  std::vector<NgramKey> keys128_;
  std::vector<uint32_t> counts_;
  std::vector<uint32_t> offsets_;  // order n occupies [offsets_[n-1], offsets_[n])
};

// Sum over the order-n n-grams of `syms` of min(count, ref count): the clipped matches.
uint64_t clipped_matches(const std::vector<uint32_t>& syms, int bits, int n, const NgramTable& ref);
// The same against one reference sequence, without building a table: its n-grams go into a
// reused open-addressing hash table and each hypothesis n-gram consumes one count.
uint64_t clipped_matches(const std::vector<uint32_t>& hyp, const std::vector<uint32_t>& ref,
                         int bits, int n);

// Word ids of one segment's references: ids 1..size(); unseen words map to 0. A small
// open-addressing hash table over views; the views must outlive the vocabulary (they point
// into the caller's token strings).
class SegmentVocab {
 public:
  void clear();
  void add(std::string_view w);
  void finish() {}  // kept for call sites that mark the end of add()
  uint32_t find(std::string_view w) const;
  uint32_t size() const { return static_cast<uint32_t>(words_.size()); }
  int bits() const { return bit_width_of(size()); }

 private:
  size_t slot(std::string_view w) const;  // where w is or would go
  void grow();
  std::vector<std::string_view> words_;  // id - 1 -> word
  std::vector<uint32_t> slots_;          // 0 = empty, else id
};

}  // namespace tolmach::metrics
