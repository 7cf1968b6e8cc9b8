#pragma once
// Dense numbers for (a, b) pairs of word ids, in first-seen order: the rows of a sparse
// translation table. Open addressing on one flat array, because building it touches every
// word pair of every sentence pair once and std::unordered_map's per-node allocations
// dominated that pass.
#include <cstdint>
#include <vector>

namespace tolmach {

class PairIndex {
 public:
  static constexpr uint32_t kAbsent = UINT32_MAX;

  // The number of (a, b), adding it as the next number when new.
  uint32_t insert(uint32_t a, uint32_t b) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    const uint64_t key = pack(a, b);
    for (size_t s = slot_of(key);; s = (s + 1) & mask_) {
      Slot& slot = slots_[s];
      if (slot.value == kAbsent) {
        slot = {key, static_cast<uint32_t>(size_)};
        return static_cast<uint32_t>(size_++);
      }
      if (slot.key == key) return slot.value;
    }
  }

  uint32_t find(uint32_t a, uint32_t b) const {
    if (slots_.empty()) return kAbsent;
    const uint64_t key = pack(a, b);
    for (size_t s = slot_of(key);; s = (s + 1) & mask_) {
      const Slot& slot = slots_[s];
      if (slot.value == kAbsent || slot.key == key) return slot.value;
    }
  }

  size_t size() const { return size_; }

 private:
  struct Slot {
    uint64_t key = 0;
    uint32_t value = kAbsent;
  };
  static uint64_t pack(uint32_t a, uint32_t b) { return uint64_t(a) << 32 | b; }
  size_t slot_of(uint64_t key) const { return (key * 0x9E3779B97F4A7C15ull) >> shift_ & mask_; }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    const size_t capacity = old.empty() ? 1024 : 2 * old.size();
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
    shift_ = 64 - __builtin_ctzll(capacity);
    for (const Slot& slot : old)
      if (slot.value != kAbsent)
        for (size_t s = slot_of(slot.key);; s = (s + 1) & mask_)
          if (slots_[s].value == kAbsent) {
            slots_[s] = slot;
            break;
          }
  }

  std::vector<Slot> slots_;
  size_t size_ = 0, mask_ = 0;
  int shift_ = 64;
};

}  // namespace tolmach
