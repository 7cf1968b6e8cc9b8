#include "align/guided_alignment.h"

#include "align/line_pairs.h"
#include "align/word_alignment.h"
#include "base/error.h"
#include "io/tool_streams.h"
#include "text/utf8.h"

namespace tolmach {
namespace {

int count_words(const std::string& line) {
  int n = 0;
  bool in_word = false;
  for (char c : line) {
    const bool blank = c == ' ' || c == '\t' || c == '\r';
    n += !blank && !in_word;
    in_word = !blank;
  }
  return n;
}

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

std::vector<Links> read_word_alignments(const std::string& path, const std::string& source_path,
                                        const std::string& target_path) {
  ToolInput in(path), src_in(source_path), trg_in(target_path);
  LineReader links_reader(in.stream(), in.name()), src(src_in.stream(), src_in.name()),
      trg(trg_in.stream(), trg_in.name());
  LinePairReader text(src, trg);
  std::vector<Links> out;
  std::string line, s, t;
  while (links_reader.next(line)) {
    const size_t n = links_reader.line_number();
    if (!text.next(s, t))
      throw InputError(path, n, "has more lines than the training files: one alignment line per sentence pair");
    out.push_back(parse_pharaoh_at(line, links_reader));
    const int ns = count_words(s), nt = count_words(t);
    for (const Link& l : out.back())
      if (l.source >= ns || l.target >= nt)
        throw InputError(path, n, "link " + std::to_string(l.source) + "-" + std::to_string(l.target) +
                                      " is outside the pair's " + std::to_string(ns) + " source and " +
                                      std::to_string(nt) + " target words");
  }
  if (text.next(s, t))
    throw InputError(path, out.size(), "ends here, before the training files: one alignment line per sentence pair");
  return out;
}

std::vector<TokenLinks> subword_alignments(const std::vector<Links>& by_line, const ParallelCorpus& corpus,
                                           const Vocab& source, const Vocab& target) {
  std::vector<TokenLinks> out(corpus.size());
  for (size_t i = 0; i < corpus.size(); ++i) {
    const auto src = word_tokens(token_words(corpus.source(i), source));
    const auto trg = word_tokens(token_words(corpus.target(i), target));
    for (const Link& l : by_line.at(corpus.line(i) - 1)) {
      if (l.source >= static_cast<int>(src.size()) || l.target >= static_cast<int>(trg.size())) continue;
      for (int s : src[l.source])
        for (int t : trg[l.target]) out[i].push_back({s, t});
    }
  }
  return out;
}

}  // namespace tolmach
