#pragma once
// Tensor storage allocator: 64-byte aligned blocks; large blocks are kept on free lists
// after release and reused for the next request of the same rounded size. Training and
// decoding allocate the same shapes over and over, and a fresh large allocation costs a
// page fault per 4 KiB on first touch (measured: ~1 ms for 1 MiB here), more than many ops.
#include <cstddef>
#include <memory>

namespace tolmach {

std::shared_ptr<void> allocate_storage(size_t bytes);

// Returns cached blocks to the system. Cached bytes are also capped (a quarter of RAM).
void release_cached_storage();
size_t cached_storage_bytes();

}  // namespace tolmach
