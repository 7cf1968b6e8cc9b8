#include "text/tokenize_lines.h"

#include <sstream>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "base/error.h"

namespace tolmach {
namespace {

template <typename T>
void join_into(const std::vector<T>& items, std::string& out) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ' ';
    if constexpr (std::is_same_v<T, std::string>) out += items[i];
    else out += std::to_string(items[i]);
  }
}

// spm_encode's n-best format: one candidate per line.
template <typename T>
void join_candidates_into(const std::vector<std::vector<T>>& candidates, std::string& out) {
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (i) out += '\n';
    join_into(candidates[i], out);
  }
}

int parse_id(const std::string& token) {
  size_t used = 0;
  int id = -1;
  try {
    id = std::stoi(token, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != token.size()) throw std::invalid_argument("not an id: '" + token + "'");
  return id;
}

}  // namespace

void check_encode_format(const Tokenizer& tok, const EncodeFormat& f) {
  if (f.sample && !tok.supports_sampling()) throw UsageError("--alpha: this model type has no subword sampling");
  if (!f.sample && f.nbest > 0 && !tok.supports_nbest()) throw UsageError("--nbest: n-best lists need a unigram model");
}

LineFunction encode_line_function(const Tokenizer& tok, const EncodeFormat& f) {
  return [&tok, f](const std::string& line, std::string& out) {
    if (f.sample) {
      f.ids ? join_into(tok.sample_ids(line, f.sample_nbest, f.alpha), out)
            : join_into(tok.sample_pieces(line, f.sample_nbest, f.alpha), out);
    } else if (f.nbest > 0) {
      f.ids ? join_candidates_into(tok.nbest_ids(line, f.nbest), out)
            : join_candidates_into(tok.nbest_pieces(line, f.nbest), out);
    } else {
      f.ids ? join_into(tok.encode_ids(line), out) : join_into(tok.encode_pieces(line), out);
    }
  };
}

LineFunction decode_line_function(const Tokenizer& tok, bool ids) {
  return [&tok, ids](const std::string& line, std::string& out) {
    std::istringstream tokens(line);
    std::string token;
    if (ids) {
      std::vector<int> seq;
      while (tokens >> token) seq.push_back(parse_id(token));
      out += tok.decode_ids(seq);
    } else {
      std::vector<std::string> pieces;
      while (tokens >> token) pieces.push_back(token);
      out += tok.decode_pieces(pieces);
    }
  };
}

LineFunction words_line_function(const TextNormalizer& normalizer, const WordSegmenter& segmenter) {
  auto own = std::make_shared<WordSegmenter>(segmenter);
  return [&normalizer, own](const std::string& line, std::string& out) { join_into(own->split(normalizer(line)), out); };
}

}  // namespace tolmach
