#include "base/tool_main.h"

#include <exception>
#include <iostream>

#include "base/error.h"

namespace tolmach {

int run_tool(const char* tool_name, const std::function<int()>& body) {
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
