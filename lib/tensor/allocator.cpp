#include "tensor/allocator.h"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <new>
#include <map>
#include <utility>
#include <vector>

namespace tolmach {

namespace {

constexpr size_t kSmall = 64 * 1024;          // below this, malloc's own bins do well
// Training frees and re-requests GBs of activations every update; a block given back to
// the system costs a page fault per 4 KB when requested again (a transformer-small update
// measured 2.2 s with 1 GB cached, 1.5 s with all kept). Keep up to a quarter of the RAM.
size_t max_cached() {
  static const size_t limit = static_cast<size_t>(sysconf(_SC_PHYS_PAGES)) * sysconf(_SC_PAGESIZE) / 4;
  return limit;
}

// Rounds up to 1/8 steps between powers of two, so near sizes share a free list.
size_t round_size(size_t n) {
  if (n <= kSmall) return (n + 63) / 64 * 64;
  size_t p = 1;
  while (p * 2 <= n) p *= 2;
  size_t step = p / 8;
  return (n + step - 1) / step * step;
}

// Blocks from here up are mapped on their own, 2 MB aligned and marked for transparent huge
// pages: a decoder's logits and caches are MBs each, and touching fresh memory a 4 KB page
// at a time (a fault each) was ~8% of int8 translation time.
constexpr size_t kHugePage = 2 << 20;

size_t whole_pages(size_t size) { return (size + 4095) / 4096 * 4096; }

void* map_huge_aligned(size_t size) {
  void* m = mmap(nullptr, size + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) return nullptr;
  const uintptr_t start = reinterpret_cast<uintptr_t>(m), aligned = (start + kHugePage - 1) & ~(kHugePage - 1);
  const size_t mapped = whole_pages(size);
  if (aligned > start) munmap(m, aligned - start);
  munmap(reinterpret_cast<void*>(aligned + mapped), start + size + kHugePage - aligned - mapped);
  void* p = reinterpret_cast<void*>(aligned);
  madvise(p, mapped, MADV_HUGEPAGE);
  return p;
}

// Blocks between kSmall and 2 MB are carved, page aligned, out of 2 MB huge-page chunks:
// a chunk costs one fault where malloc'd blocks cost one per 4 KB (with each fault trapping
// to the hypervisor on this VM, faults were a quarter of a translation's CPU time). Carved
// blocks live in the pool for good; "freeing" one only returns its pages (MADV_DONTNEED).
struct Carver {
  std::mutex mu;
  char* chunk = nullptr;
  size_t used = kHugePage;

  void* carve(size_t size) {
    std::lock_guard<std::mutex> lock(mu);
    if (used + size > kHugePage) {
      char* fresh = static_cast<char*>(map_huge_aligned(kHugePage));
      if (!fresh) return nullptr;
      chunk = fresh;
      used = 0;
    }
    void* p = chunk + used;
    used += whole_pages(size);
    return p;
  }
};

void* system_alloc(size_t size) {
  static Carver* carver = new Carver;  // leaked on purpose, like the pool
  return size < kHugePage ? carver->carve(size) : map_huge_aligned(size);
}

void system_free(void* p, size_t size) {
  if (size < kHugePage) madvise(p, whole_pages(size), MADV_DONTNEED);
  else munmap(p, whole_pages(size));
}

// Best fit: the smallest cached block of at least the requested size, if it wastes at most
// half of it. Sizes drift in beam search (rows finish, caches grow), and an exact-size pool
// then keeps allocating fresh pages while holding blocks that would do. Blocks of 2 MB and
// more beyond the limit are unmapped, least recently released first (carved blocks stay:
// their pages are a chunk's).
struct Pool {
  struct Block {
    void* p;
    uint64_t age;
  };
  std::mutex mu;
  std::multimap<size_t, Block> free;
  std::map<uint64_t, std::multimap<size_t, Block>::iterator> big_by_age;  // oldest first
  uint64_t next_age = 0;
  size_t cached = 0, cached_big = 0, limit = max_cached();

  std::pair<void*, size_t> take(size_t size) {
    std::lock_guard<std::mutex> lock(mu);
    auto it = free.lower_bound(size);
    if (it == free.end() || it->first > size + size / 2) return {nullptr, 0};
    const std::pair<void*, size_t> block{it->second.p, it->first};
    if (big_by_age.erase(it->second.age)) cached_big -= block.second;
    free.erase(it);
    cached -= block.second;
    return block;
  }
  void give(void* p, size_t size) {
    std::vector<std::pair<void*, size_t>> unmapped;
    {
      std::lock_guard<std::mutex> lock(mu);
      const uint64_t age = next_age++;
      auto it = free.emplace(size, Block{p, age});
      cached += size;
      if (size >= kHugePage) big_by_age.emplace(age, it), cached_big += size;
      for (auto oldest = big_by_age.begin(); cached_big > limit; oldest = big_by_age.erase(oldest)) {
        const auto block = oldest->second;
        unmapped.emplace_back(block->second.p, block->first);
        cached -= block->first;
        cached_big -= block->first;
        free.erase(block);
      }
    }
    for (auto& [q, n] : unmapped) system_free(q, n);
  }
  void release() {
    std::lock_guard<std::mutex> lock(mu);
    for (auto& [size, block] : free) system_free(block.p, size);
    free.clear();
    big_by_age.clear();
    cached = cached_big = 0;
  }
};

// Blocks below 2 MB (and every std::vector) come from glibc: with its defaults, every free of
// a block over ~32 MB is unmapped and trimmed and costs a page fault per 4 KB when requested
// again (training frees and re-requests GBs per update). Set once for every program linking
// this library (tools, benchmarks, tests).
const bool kMallocTuned = [] {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's maximum; above it, our pool caches
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  return true;
}();

// Leaked on purpose: tensors in static objects may be freed after a static pool would die.
Pool& pool() {
  static Pool* p = new Pool;
  return *p;
}

}  // namespace

std::shared_ptr<void> allocate_storage(size_t bytes) {
  size_t size = round_size(bytes ? bytes : 1);
  if (size <= kSmall) {
    void* p = std::aligned_alloc(64, size);
    if (!p) throw std::bad_alloc();
    return std::shared_ptr<void>(p, std::free);
  }
  auto [p, block] = pool().take(size);
  if (p) size = block;
  else p = system_alloc(size);
  if (!p) {
    release_cached_storage();
    p = system_alloc(size);
    if (!p) throw std::bad_alloc();
  }
  return std::shared_ptr<void>(p, [size](void* q) { pool().give(q, size); });
}

void release_cached_storage() { pool().release(); }

void limit_cached_storage(size_t bytes) {
  std::lock_guard<std::mutex> lock(pool().mu);
  pool().limit = bytes;
}

size_t cached_storage_bytes() {
  std::lock_guard<std::mutex> lock(pool().mu);
  return pool().cached;
}

}  // namespace tolmach
