#pragma once
// Errors a tool reports as one line on stderr: "tolmach-<tool>: FILE:LINE: what".
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

}  // namespace tolmach
