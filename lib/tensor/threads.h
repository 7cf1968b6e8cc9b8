#pragma once
// Threads used by oneDNN and tolmach's own loops (both OpenMP). 0 = all cores. Call it once
// at start-up (tools: --threads); changing it empties the primitive cache.
namespace tolmach {

void set_num_threads(int n);
int num_threads();

}  // namespace tolmach
