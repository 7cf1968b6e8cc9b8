#include "io/tool_main.h"

#include <malloc.h>

#include <cstdio>
#include <exception>
#include <iostream>

#include "io/error.h"

namespace tolmach {

int run_tool(const char* tool_name, const std::function<int()>& body) {
  // Per-step buffers of several MB (log-probs, batches) are freed and reallocated all the
  // time; from glibc's heap instead of fresh mmaps they cost no page faults.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  try {
    return body();
  } catch (const UsageError& e) {
    std::cerr << tool_name << ": " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << tool_name << ": " << e.what() << "\n";
    return 1;
  } catch (...) {
    std::cerr << tool_name << ": unknown error\n";
    return 1;
  }
}

}  // namespace tolmach
