#pragma once
// A line-filter tool's input and output by path, "-" meaning stdin / stdout. A file output
// goes through an AtomicFile: it appears complete at commit() or not at all.
#include <fstream>
#include <iostream>
#include <istream>
#include <memory>
#include <ostream>
#include <string>

#include "io/atomic_file.h"

namespace tolmach {

class ToolInput {
 public:
  // InputError naming the file (with the OS's reason) when it cannot be opened.
  explicit ToolInput(const std::string& path);
  std::istream& stream() { return file_.is_open() ? file_ : std::cin; }
  const std::string& name() const { return name_; }  // "<stdin>" for "-"
  // InputError on a read error (a directory, an I/O failure); call at the end of input.
  void check_read() const;

 private:
  std::ifstream file_;
  std::string name_;
};

class ToolOutput {
 public:
  explicit ToolOutput(const std::string& path);
  std::ostream& stream() { return file_ ? file_->stream() : std::cout; }
  // Renames the file into place / checks stdout took everything; throws naming it otherwise.
  void commit();

 private:
  std::unique_ptr<AtomicFile> file_;
};

}  // namespace tolmach
