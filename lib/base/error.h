#pragma once
// The three kinds of failure a tool tells apart, each one line on stderr (base/tool_main.h):
// bad input data (exit 1), bad command-line usage (exit 2), and a bug in tolmach (exit 3).
#include <stdexcept>
#include <string>

namespace tolmach {

// Bad input data (exit 1). `file` and `line` (1-based, 0 = whole file) locate it.
class InputError : public std::runtime_error {
 public:
  InputError(const std::string& file, size_t line, const std::string& what)
      : std::runtime_error(file + (line ? ":" + std::to_string(line) : std::string()) + ": " + what),
        file_(file), line_(line) {}
  const std::string& file() const { return file_; }
  size_t line() const { return line_; }

 private:
  std::string file_;
  size_t line_;
};

// Bad command-line usage (exit 2).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A broken invariant inside tolmach (exit 3): "internal error: FILE:LINE: what", FILE being
// the source file relative to the project. Thrown by TOLMACH_CHECK (base/check.h); a
// std::logic_error, as a bug is.
class InternalError : public std::logic_error {
 public:
  InternalError(const char* file, int line, const std::string& what)
      : std::logic_error("internal error: " + project_path(file) + ":" + std::to_string(line) + ": " + what) {}

 private:
  // CMake maps the checkout's absolute prefix away (-fmacro-prefix-map); ccache's base_dir
  // instead compiles "../../lib/x.cpp" from build/lib: drop those leading steps too.
  static std::string project_path(const char* file) {
    std::string f = file;
    while (f.compare(0, 3, "../") == 0 || f.compare(0, 2, "./") == 0) f.erase(0, f[0] == '.' && f[1] == '/' ? 2 : 3);
    return f;
  }
};

}  // namespace tolmach
