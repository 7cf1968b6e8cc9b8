#include "align/pair_reader.h"

#include "base/error.h"

namespace tolmach {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string trimmed(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

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

PairReader::PairReader(std::istream& pairs, std::string name, BadLinePolicy policy)
    : first_(pairs, std::move(name), policy) {}

PairReader::PairReader(std::istream& source, std::string source_name, std::istream& target, std::string target_name,
                       BadLinePolicy policy)
    : first_(source, std::move(source_name), policy),
      second_(std::make_unique<LineReader>(target, std::move(target_name))),
      both_(std::make_unique<LinePairReader>(first_, *second_)) {}

bool PairReader::next(SentencePair& pair) {
  std::string line, target, why, why_target;
  if (both_) {
    while (both_->next_raw(line, target, why, why_target)) {
      if (why.empty() && why_target.empty()) {
        pair.source = trimmed(line);
        pair.target = trimmed(target);
        return true;
      }
      // Blank or drop the pair on both sides, so the files stay in step.
      const bool keep = why.empty() ? first_.bad_lines().keep_empty(second_->name(), second_->line_number(), why_target)
                                    : first_.bad_lines().keep_empty(first_.name(), first_.line_number(), why);
      if (keep) {
        pair = SentencePair{};
        return true;
      }
    }
    return false;
  }
  while (first_.next(line)) {
    std::string_view left, right;
    if (split_pair_line(line, left, right)) {
      pair.source = trimmed(left);
      pair.target = trimmed(right);
      return true;
    }
    // An empty line (or a bad one the policy blanked) is an empty pair: an empty output line.
    if (line.empty() ||
        first_.bad_lines().keep_empty(first_.name(), first_.line_number(), "no ' ||| ' (or TAB) between the two sides")) {
      pair = SentencePair{};
      return true;
    }
  }
  return false;
}

bool PairReader::has_buffered_input() const {
  return first_.has_buffered_input() && (!second_ || second_->has_buffered_input());
}

}  // namespace tolmach
