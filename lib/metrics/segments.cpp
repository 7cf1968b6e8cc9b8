#include "metrics/segments.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "base/error.h"
#include "io/tool_streams.h"
#include "metrics/text.h"
#include "text/bad_line.h"

namespace tolmach::metrics {

std::vector<std::string> split_segments(const std::string& text, const std::string& name) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + start, end - start);
    const std::string why = bad_line_reason(line);  // invalid UTF-8, a NUL byte
    if (!why.empty()) throw InputError(name, lines.size() + 1, why);
    lines.emplace_back(rstrip_ws(line));
    start = end + 1;
  }
  return lines;
}

std::vector<std::vector<std::string>> split_columns(const std::vector<std::string>& lines,
                                                    const std::string& name, size_t columns,
                                                    bool last_takes_rest, bool rstrip) {
  if (columns == 0) columns = lines.empty() ? 1 : std::count(lines[0].begin(), lines[0].end(), '\t') + 1;
  std::vector<std::vector<std::string>> out(columns);
  for (size_t i = 0; i < lines.size(); ++i) {
    std::vector<std::string_view> fields;
    const std::string_view line = lines[i];
    size_t start = 0;
    for (size_t tab; fields.size() + 1 < columns + (last_takes_rest ? 0 : 1) &&
                     (tab = line.find('\t', start)) != std::string_view::npos;
         start = tab + 1)
      fields.push_back(line.substr(start, tab - start));
    fields.push_back(line.substr(start));
    if (fields.size() != columns)
      throw InputError(name, i + 1, "expected " + std::to_string(columns) +
                                        " tab-separated fields, found " + std::to_string(fields.size()));
    for (size_t c = 0; c < columns; ++c)
      out[c].emplace_back(rstrip ? rstrip_ws(fields[c]) : fields[c]);
  }
  return out;
}

std::vector<std::string> read_segments(std::istream& in, const std::string& name) {
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) throw InputError(name, 0, "read error");
  return split_segments(buf.str(), name);
}

std::vector<std::string> read_segments(const std::string& path) {
  // An ifstream opens a directory and reads nothing from it: it would score as an empty file.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError(path, 0, "is a directory, not a file");
  ToolInput in(path);  // the OS's reason when it cannot be opened
  std::vector<std::string> segments = read_segments(in.stream(), in.name());
  in.check_read();
  return segments;
}

}  // namespace tolmach::metrics
