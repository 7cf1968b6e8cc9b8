#include "align/word_alignment.h"

#include <algorithm>
#include <sstream>

namespace tolmach {
namespace {
const std::string kWordStart = "\xE2\x96\x81";  // U+2581

bool starts_word(const std::string& piece) { return piece.compare(0, kWordStart.size(), kWordStart) == 0; }

int count_words(const std::vector<int>& words) { return words.empty() ? 0 : words.back() + 1; }
}  // namespace

std::vector<int> piece_words(const std::vector<std::string>& pieces) {
  std::vector<int> out;
  int word = -1;
  bool bare_start = false;  // the previous piece was a lone "▁": this piece continues its word
  for (const auto& p : pieces) {
    if (word < 0 || (starts_word(p) && !bare_start)) ++word;
    bare_start = p == kWordStart;
    out.push_back(word);
  }
  return out;
}

std::vector<std::string> joined_words(const std::vector<std::string>& pieces, const std::vector<int>& word_of_piece) {
  std::vector<std::string> words;
  for (size_t i = 0; i < pieces.size(); ++i) {
    if (word_of_piece[i] >= static_cast<int>(words.size())) words.emplace_back();
    words.back() += starts_word(pieces[i]) ? pieces[i].substr(kWordStart.size()) : pieces[i];
  }
  return words;
}

Links hard_word_links(const AttentionMatrix& attention, const std::vector<int>& source_words,
                      const std::vector<int>& target_words, float threshold) {
  Links links;
  const size_t rows = std::min(attention.size(), target_words.size());
  for (size_t t = 0; t < rows; ++t) {
    const auto& row = attention[t];
    const size_t cols = std::min(row.size(), source_words.size());
    if (cols == 0) continue;
    if (threshold <= 0) {
      // argmax over all positions (eos included): attention on eos links nothing
      const size_t best = std::max_element(row.begin(), row.end()) - row.begin();
      if (best < cols) links.push_back({source_words[best], target_words[t]});
    } else {
      for (size_t s = 0; s < cols; ++s)
        if (row[s] >= threshold) links.push_back({source_words[s], target_words[t]});
    }
  }
  return normalized(std::move(links));
}

AttentionMatrix word_attention(const AttentionMatrix& attention, const std::vector<int>& source_words,
                               const std::vector<int>& target_words) {
  const int ns = count_words(source_words), nt = count_words(target_words);
  std::vector<std::vector<double>> sum(nt, std::vector<double>(ns, 0.0));
  std::vector<int> pieces(nt, 0);
  const size_t rows = std::min(attention.size(), target_words.size());
  for (size_t t = 0; t < rows; ++t) {
    ++pieces[target_words[t]];
    const size_t cols = std::min(attention[t].size(), source_words.size());
    for (size_t s = 0; s < cols; ++s) sum[target_words[t]][source_words[s]] += attention[t][s];
  }
  AttentionMatrix out(nt, std::vector<float>(ns, 0.f));
  for (int t = 0; t < nt; ++t)
    for (int s = 0; s < ns; ++s) out[t][s] = pieces[t] ? static_cast<float>(sum[t][s] / pieces[t]) : 0.f;
  return out;
}

std::string format_soft_alignment(const AttentionMatrix& word_weights) {
  std::ostringstream out;
  for (size_t t = 0; t < word_weights.size(); ++t) {
    if (t) out << ' ';
    for (size_t s = 0; s < word_weights[t].size(); ++s) {
      if (s) out << ',';
      out << word_weights[t][s];
    }
  }
  return out.str();
}

}  // namespace tolmach
