#include "data/fingerprint.h"

namespace tolmach {
namespace {

// FNV-1a over 64-bit words: simple, stable across platforms.
class Hasher {
 public:
  void add(uint64_t x) {
    for (int i = 0; i < 8; ++i, x >>= 8) h_ = (h_ ^ (x & 0xFF)) * 0x100000001B3ull;
  }
  void add(const TokenSpan& s) {
    add(s.size());
    for (int id : s) add(static_cast<uint64_t>(static_cast<uint32_t>(id)));
  }
  uint64_t value() const { return h_ ? h_ : 1; }  // 0 means "not checked"

 private:
  uint64_t h_ = 0xCBF29CE484222325ull;
};

}  // namespace

uint64_t data_fingerprint(const ParallelCorpus& c, const BatchOptions& o) {
  Hasher h;
  for (uint64_t x : {uint64_t(o.mini_batch), uint64_t(o.mini_batch_words), uint64_t(o.maxi_batch),
                     uint64_t(o.sort), uint64_t(o.shuffle), o.seed, uint64_t(o.size),
                     uint64_t(c.size())})
    h.add(x);
  for (size_t i = 0; i < c.size(); ++i) {
    h.add(c.source(i));
    h.add(c.target(i));
  }
  return h.value();
}

}  // namespace tolmach
