#include "align/bitext.h"

#include "io/error.h"
#include "text/utf8.h"

namespace tolmach {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

}  // namespace

bool split_pair_line(std::string_view line, std::string_view& left, std::string_view& right) {
  for (size_t at = line.find("|||"); at != std::string_view::npos; at = line.find("|||", at + 1)) {
    const size_t after = at + 3;
    if ((at == 0 || is_space(line[at - 1])) && (after == line.size() || is_space(line[after]))) {
      left = line.substr(0, at);
      right = line.substr(after);
      return true;
    }
  }
  const size_t tab = line.find('\t');
  if (tab == std::string_view::npos) return false;
  left = line.substr(0, tab);
  right = line.substr(tab + 1);
  return true;
}

void Bitext::add(std::string_view left, std::string_view right) {
  left_.add(left);
  right_.add(right);
}

void Bitext::Side::add(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    const size_t start = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    if (i == start) break;
    key.assign(text.data() + start, i - start);
    auto it = ids.find(key);
    if (it == ids.end()) it = ids.emplace(key, static_cast<int32_t>(ids.size())).first;
    tokens.push_back(it->second);
  }
  starts.push_back(tokens.size());
}

void read_bitext(LineReader& in, Bitext& out) {
  std::string line;
  std::string_view left, right;
  while (in.next(line)) {
    if (!split_pair_line(line, left, right))
      throw InputError(in.name(), in.line_number(), "no ' ||| ' or TAB between the two sides");
    out.add(left, right);
  }
}

}  // namespace tolmach
