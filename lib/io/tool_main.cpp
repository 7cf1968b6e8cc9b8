#include "io/tool_main.h"

#include <cstdio>
#include <exception>
#include <iostream>

#include "io/error.h"

namespace tolmach {

int run_tool(const char* tool_name, const std::function<int()>& body) {
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
