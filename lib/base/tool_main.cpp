#include "base/tool_main.h"

#include <exception>
#include <iostream>
#include <string>

#include "base/error.h"

namespace tolmach {
namespace {
const char* g_tool_name = "tolmach";
}  // namespace

void tool_warning(const std::string& what) {
  // One string, one write: warnings from several threads do not interleave within a line.
  std::cerr << (std::string(g_tool_name) + ": warning: " + what + '\n') << std::flush;
}

int run_tool(const char* tool_name, const std::function<int()>& body) {
  g_tool_name = tool_name;
  try {
    return body();
  } catch (const UsageError& e) {
    std::cerr << tool_name << ": " << e.what() << "\n";
    return kExitBadUsage;
  } catch (const InternalError& e) {  // already says "internal error: FILE:LINE: ..."
    std::cerr << tool_name << ": " << e.what() << "\n";
    return kExitInternalError;
  } catch (const std::exception& e) {
    std::cerr << tool_name << ": " << e.what() << "\n";
    return kExitBadInput;
  } catch (...) {
    std::cerr << tool_name << ": unknown error\n";
    return kExitBadInput;
  }
}

}  // namespace tolmach
