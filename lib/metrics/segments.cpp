#include "metrics/segments.h"

#include <fstream>
#include <iterator>
#include <sstream>

#include "io/error.h"
#include "metrics/text.h"
#include "text/utf8.h"

namespace tolmach::metrics {

std::vector<std::string> split_segments(const std::string& text, const std::string& name) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + start, end - start);
    const size_t bad = find_invalid_utf8(line);
    if (bad != std::string_view::npos)
      throw InputError(name, lines.size() + 1, "invalid UTF-8 at byte " + std::to_string(bad + 1));
    lines.emplace_back(rstrip_ws(line));
    start = end + 1;
  }
  return lines;
}

std::vector<std::string> read_segments(std::istream& in, const std::string& name) {
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) throw InputError(name, 0, "read error");
  return split_segments(buf.str(), name);
}

std::vector<std::string> read_segments(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "cannot open file");
  return read_segments(in, path);
}

}  // namespace tolmach::metrics
