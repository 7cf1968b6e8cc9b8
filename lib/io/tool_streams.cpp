#include "io/tool_streams.h"

#include <cerrno>
#include <cstring>
#include <iostream>
#include <stdexcept>

#include "base/error.h"

namespace tolmach {

ToolInput::ToolInput(const std::string& path) : name_(path == "-" ? "<stdin>" : path) {
  if (path == "-") return;
  file_.open(path, std::ios::binary);
  if (!file_) throw InputError(path, 0, std::string("cannot open: ") + std::strerror(errno));
}

void ToolInput::check_read() const {
  const std::istream& in = file_.is_open() ? static_cast<const std::istream&>(file_) : std::cin;
  if (in.bad()) throw InputError(name_, 0, "read error (a directory?)");
}

ToolOutput::ToolOutput(const std::string& path) {
  if (path != "-") file_ = std::make_unique<AtomicFile>(path);
}

void ToolOutput::commit() {
  if (file_) return file_->commit();
  std::cout.flush();
  if (!std::cout) throw std::runtime_error("<stdout>: write error");
}

}  // namespace tolmach
