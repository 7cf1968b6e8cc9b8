#pragma once
// The shared outer shell of every tool's main(): run the body, turn exceptions into one
// line on stderr and the conventional exit code (1 bad input, 2 bad usage).
#include <functional>

namespace tolmach {

int run_tool(const char* tool_name, const std::function<int()>& body);

}  // namespace tolmach
