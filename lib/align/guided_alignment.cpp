#include "align/guided_alignment.h"

#include <fstream>
#include <stdexcept>

#include "align/links.h"
#include "align/word_alignment.h"
#include "io/error.h"
#include "text/utf8.h"

namespace tolmach {
namespace {

// Word number of each token of one side.
std::vector<int> token_words(const TokenSpan& ids, const Vocab& vocab) {
  std::vector<std::string> pieces;
  for (int id : ids) pieces.push_back(vocab.piece(id));
  return piece_words(pieces);
}

// The tokens of each word: tokens[w] lists the positions of word w.
std::vector<std::vector<int>> word_tokens(const std::vector<int>& words) {
  std::vector<std::vector<int>> tokens(words.empty() ? 0 : words.back() + 1);
  for (size_t i = 0; i < words.size(); ++i) tokens[words[i]].push_back(static_cast<int>(i));
  return tokens;
}

}  // namespace

std::vector<TokenLinks> read_guided_alignments(const std::string& path, size_t lines, const ParallelCorpus& corpus,
                                               const Vocab& source, const Vocab& target, bool cropped) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "cannot open");
  LineReader reader(in, path);
  std::vector<Links> by_line;
  std::string line;
  while (reader.next(line)) {
    try {
      by_line.push_back(parse_pharaoh(line));
    } catch (const std::invalid_argument& e) {
      throw InputError(path, reader.line_number(), e.what());
    }
  }
  if (by_line.size() != lines)
    throw InputError(path, 0, "has " + std::to_string(by_line.size()) + " lines, the training files " +
                                  std::to_string(lines) + ": one alignment line per sentence pair");

  std::vector<TokenLinks> out(corpus.size());
  for (size_t i = 0; i < corpus.size(); ++i) {
    const auto src = word_tokens(token_words(corpus.source(i), source));
    const auto trg = word_tokens(token_words(corpus.target(i), target));
    const size_t line_no = corpus.line(i);
    for (const Link& l : by_line[line_no - 1]) {
      if (l.source >= static_cast<int>(src.size()) || l.target >= static_cast<int>(trg.size())) {
        if (!cropped)
          throw InputError(path, line_no, "link " + std::to_string(l.source) + "-" + std::to_string(l.target) +
                                              " is outside the pair's " + std::to_string(src.size()) + " source and " +
                                              std::to_string(trg.size()) + " target words");
        continue;
      }
      for (int s : src[l.source])
        for (int t : trg[l.target]) out[i].push_back({s, t});
    }
  }
  return out;
}

}  // namespace tolmach
