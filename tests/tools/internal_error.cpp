// internal_error: a tool whose internal check fails, for tests/cli/options.sh to see how
// run_tool reports a bug (exit 3, "internal error: SOURCE:LINE: ...") apart from bad input.
#include "base/check.h"
#include "base/tool_main.h"

int main() {
  return tolmach::run_tool("internal_error", []() -> int {
    const int heads = 3;
    TOLMACH_CHECK(heads % 2 == 0, "heads must be even");
    return 0;
  });
}
