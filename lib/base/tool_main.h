#pragma once
// The shared outer shell of every tool's main(): run the body, turn exceptions into one
// line on stderr and the conventional exit code: 1 bad input, 2 bad usage, 3 internal error.
#include <functional>
#include <string>

namespace tolmach {

inline constexpr int kExitBadInput = 1;
inline constexpr int kExitBadUsage = 2;
inline constexpr int kExitInternalError = 3;

// Also records `tool_name` for tool_warning.
int run_tool(const char* tool_name, const std::function<int()>& body);

// "TOOL: warning: what" on stderr, one line (TOOL as run_tool was given, else "tolmach").
void tool_warning(const std::string& what);

}  // namespace tolmach
