#pragma once
// Dense numbers for (a, b) pairs of word ids, in first-seen order: the entries of a sparse
// translation table. One small open-addressing table per a (a row), because building the
// index touches every word pair of every sentence pair: visited a-major, the rows of frequent
// words stay in cache, where one big (a, b) hash table missed it on nearly every lookup.
#include <cstdint>
#include <vector>

namespace tolmach {

class PairIndex {
 public:
  static constexpr uint32_t kAbsent = UINT32_MAX;

  // The number of (a, b), adding it as the next number when new.
  uint32_t insert(uint32_t a, uint32_t b) {
    if (a >= rows_.size()) rows_.resize(a + 1);
    Row& row = rows_[a];
    if (2 * (row.size + 1) > row.slots.size()) grow(row);
    for (uint32_t s = slot_of(b, row);; s = (s + 1) & row.mask) {
      uint64_t& slot = row.slots[s];
      if (slot == kEmpty) {
        slot = uint64_t(b) << 32 | uint32_t(size_);
        ++row.size;
        return static_cast<uint32_t>(size_++);
      }
      if (uint32_t(slot >> 32) == b) return uint32_t(slot);
    }
  }

  uint32_t find(uint32_t a, uint32_t b) const {
    if (a >= rows_.size() || rows_[a].slots.empty()) return kAbsent;
    const Row& row = rows_[a];
    for (uint32_t s = slot_of(b, row);; s = (s + 1) & row.mask) {
      const uint64_t slot = row.slots[s];
      if (slot == kEmpty) return kAbsent;
      if (uint32_t(slot >> 32) == b) return uint32_t(slot);
    }
  }

  size_t size() const { return size_; }

 private:
  static constexpr uint64_t kEmpty = UINT64_MAX;  // b = UINT32_MAX is never a word id
  struct Row {
    std::vector<uint64_t> slots;  // b << 32 | number
    uint32_t size = 0, mask = 0;
  };
  static uint32_t slot_of(uint32_t b, const Row& row) { return (b * 0x9E3779B1u) & row.mask; }

  static void grow(Row& row) {
    std::vector<uint64_t> old = std::move(row.slots);
    const size_t capacity = old.empty() ? 4 : 2 * old.size();
    row.slots.assign(capacity, kEmpty);
    row.mask = static_cast<uint32_t>(capacity - 1);
    for (const uint64_t slot : old)
      if (slot != kEmpty)
        for (uint32_t s = slot_of(uint32_t(slot >> 32), row);; s = (s + 1) & row.mask)
          if (row.slots[s] == kEmpty) {
            row.slots[s] = slot;
            break;
          }
  }

  std::vector<Row> rows_;
  size_t size_ = 0;
};

}  // namespace tolmach
