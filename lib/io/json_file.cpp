#include "io/json_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "io/atomic_file.h"
#include "base/error.h"

namespace tolmach {

nlohmann::json parse_json(const std::string& text, const std::string& name) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is the 1-based index of the last character read; count lines up to it.
    const size_t upto = std::min(e.byte ? e.byte - 1 : 0, text.size());
    const size_t line = 1 + std::count(text.begin(), text.begin() + upto, '\n');
    // Keep nlohmann's reason, drop its "[json.exception...] parse error at line L, column C: ".
    std::string reason = e.what();
    const size_t colon = reason.find(": ");
    if (colon != std::string::npos) reason = reason.substr(colon + 2);
    throw InputError(name, line, "invalid JSON: " + reason);
  } catch (const nlohmann::json::exception&) {  // out_of_range (found by fuzzing): e.g. 1e999
    throw InputError(name, 0, "invalid JSON: a number out of range");
  }
}

nlohmann::json read_json_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, std::string("cannot open: ") + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw InputError(path, 0, "read error");
  return parse_json(text.str(), path);
}

void write_json_file(const std::string& path, const nlohmann::json& value) {
  write_file_atomic(path, value.dump(2) + "\n");
}

}  // namespace tolmach
