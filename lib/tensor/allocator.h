#pragma once
// Tensor storage allocator: 64-byte aligned blocks; large blocks are kept on free lists
// after release and reused for the next request of the same rounded size. Training and
// decoding allocate the same shapes over and over, and a fresh large allocation costs a
// page fault per 4 KiB on first touch (measured: ~1 ms for 1 MiB here), more than many ops.
#include <cstddef>
#include <memory>

namespace tolmach {

std::shared_ptr<void> allocate_storage(size_t bytes);

// Returns cached blocks to the system.
void release_cached_storage();
// Cached blocks of 2 MB and more are capped at `bytes` (default: a quarter of the RAM, for
// training, which frees and re-requests GBs per update); the least recently released go first.
void limit_cached_storage(size_t bytes);
size_t cached_storage_bytes();

}  // namespace tolmach
