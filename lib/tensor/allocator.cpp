#include "tensor/allocator.h"

#include <cstdlib>
#include <mutex>
#include <new>
#include <unordered_map>
#include <vector>

namespace tolmach {

namespace {

constexpr size_t kSmall = 64 * 1024;          // below this, malloc's own bins do well
constexpr size_t kMaxCached = size_t(1) << 30;

// Rounds up to 1/8 steps between powers of two, so near sizes share a free list.
size_t round_size(size_t n) {
  if (n <= kSmall) return (n + 63) / 64 * 64;
  size_t p = 1;
  while (p * 2 <= n) p *= 2;
  size_t step = p / 8;
  return (n + step - 1) / step * step;
}

struct Pool {
  std::mutex mu;
  std::unordered_map<size_t, std::vector<void*>> free;
  size_t cached = 0;

  void* take(size_t size) {
    std::lock_guard<std::mutex> lock(mu);
    auto it = free.find(size);
    if (it == free.end() || it->second.empty()) return nullptr;
    void* p = it->second.back();
    it->second.pop_back();
    cached -= size;
    return p;
  }
  void give(void* p, size_t size) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (cached + size <= kMaxCached) {
        free[size].push_back(p);
        cached += size;
        return;
      }
    }
    std::free(p);
  }
  void release() {
    std::lock_guard<std::mutex> lock(mu);
    for (auto& [size, blocks] : free)
      for (void* p : blocks) std::free(p);
    free.clear();
    cached = 0;
  }
};

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
  void* p = pool().take(size);
  if (!p) p = std::aligned_alloc(64, size);
  if (!p) {
    release_cached_storage();
    p = std::aligned_alloc(64, size);
    if (!p) throw std::bad_alloc();
  }
  return std::shared_ptr<void>(p, [size](void* q) { pool().give(q, size); });
}

void release_cached_storage() { pool().release(); }

size_t cached_storage_bytes() {
  std::lock_guard<std::mutex> lock(pool().mu);
  return pool().cached;
}

}  // namespace tolmach
