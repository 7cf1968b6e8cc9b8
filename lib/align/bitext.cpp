#include "align/bitext.h"

#include "align/pair_reader.h"

namespace tolmach {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

}  // namespace

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

void read_bitext(PairReader& in, Bitext& out) {
  SentencePair pair;
  while (in.next(pair)) out.add(pair.source, pair.target);
}

}  // namespace tolmach
