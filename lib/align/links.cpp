#include "align/links.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "base/error.h"
#include "text/utf8.h"

namespace tolmach {
namespace {

// A non-negative decimal index, the whole of `s`.
int parse_index(const std::string& s, const std::string& token) {
  if (s.empty() || s.size() > 9 || !std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); }))
    throw std::invalid_argument("bad link '" + token + "' (want I-J, 0-based word positions)");
  return std::stoi(s);
}

}  // namespace

Links normalized(Links links) {
  std::sort(links.begin(), links.end());
  links.erase(std::unique(links.begin(), links.end()), links.end());
  return links;
}

Links parse_pharaoh(const std::string& line) {
  Links links;
  size_t pos = 0;
  while (pos < line.size()) {
    if (line[pos] == ' ' || line[pos] == '\t' || line[pos] == '\r') {
      ++pos;
      continue;
    }
    const size_t end = line.find_first_of(" \t\r", pos);
    const std::string token = line.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    const size_t dash = token.find('-');
    if (dash == std::string::npos) throw std::invalid_argument("bad link '" + token + "' (want I-J, 0-based word positions)");
    links.push_back({parse_index(token.substr(0, dash), token), parse_index(token.substr(dash + 1), token)});
    pos = end == std::string::npos ? line.size() : end;
  }
  return normalized(std::move(links));
}

Links parse_pharaoh_at(const std::string& line, const LineReader& from) {
  try {
    return parse_pharaoh(line);
  } catch (const std::invalid_argument& e) {
    throw InputError(from.name(), from.line_number(), e.what());
  }
}

std::string format_pharaoh(const Links& links) {
  std::string out;
  for (const Link& l : links) {
    if (!out.empty()) out += ' ';
    out += std::to_string(l.source) + "-" + std::to_string(l.target);
  }
  return out;
}

}  // namespace tolmach
