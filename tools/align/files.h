#pragma once
// Input and output files of the alignment subcommands: "-" is stdin / stdout, -o files are
// written atomically (an error leaves no partial file).
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

#include "io/atomic_file.h"
#include "io/error.h"
#include "text/utf8.h"

namespace tolmach::align_tool {

// Lines of a file, or of stdin for "-" (named "<stdin>" in errors).
class InputLines {
 public:
  explicit InputLines(const std::string& path) {
    if (path != "-") {
      file_.open(path, std::ios::binary);
      if (!file_) throw InputError(path, 0, "cannot open");
    }
    reader_ = std::make_unique<LineReader>(path == "-" ? std::cin : file_, path == "-" ? "<stdin>" : path);
  }
  LineReader& reader() { return *reader_; }

 private:
  std::ifstream file_;
  std::unique_ptr<LineReader> reader_;
};

inline void write_output(const std::string& path, const std::function<void(std::ostream&)>& write) {
  if (path == "-") {
    write(std::cout);
    if (!std::cout.flush()) throw std::runtime_error("error writing stdout");
    return;
  }
  AtomicFile out(path);
  write(out.stream());
  out.commit();
}

}  // namespace tolmach::align_tool
