#include "align/gold.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace tolmach {
namespace {

const char* kWant = "want I-J (sure) or IpJ (possible)";

int parse_index(const std::string& s, const std::string& token, bool one_based) {
  bool digits = !s.empty() && s.size() <= 9;
  for (unsigned char c : s) digits = digits && std::isdigit(c);
  if (!digits) throw std::invalid_argument("bad link '" + token + "' (" + kWant + ")");
  const int i = std::stoi(s);
  if (one_based && i == 0) throw std::invalid_argument("bad link '" + token + "': position 0 in a 1-based file");
  return one_based ? i - 1 : i;
}

}  // namespace

GoldLinks parse_gold(const std::string& line, bool one_based) {
  GoldLinks gold;
  size_t pos = 0;
  while ((pos = line.find_first_not_of(" \t\r", pos)) != std::string::npos) {
    const size_t end = std::min(line.find_first_of(" \t\r", pos), line.size());
    const std::string token = line.substr(pos, end - pos);
    pos = end;
    const size_t sep = token.find_first_of("-p");
    if (sep == std::string::npos) throw std::invalid_argument("bad link '" + token + "' (" + kWant + ")");
    const Link l{parse_index(token.substr(0, sep), token, one_based),
                 parse_index(token.substr(sep + 1), token, one_based)};
    if (token[sep] == '-') gold.sure.push_back(l);
    gold.possible.push_back(l);
  }
  gold.sure = normalized(std::move(gold.sure));
  gold.possible = normalized(std::move(gold.possible));
  return gold;
}

}  // namespace tolmach
