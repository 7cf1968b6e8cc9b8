#include "align/pair_reader.h"

#include "io/error.h"

namespace tolmach {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string trimmed(const std::string& s, size_t begin, size_t end) {
  while (begin < end && is_space(s[begin])) ++begin;
  while (end > begin && (is_space(s[end - 1]) || s[end - 1] == '\r')) --end;
  return s.substr(begin, end - begin);
}

}  // namespace

bool split_pair(const std::string& line, SentencePair& pair) {
  for (size_t at = line.find("|||"); at != std::string::npos; at = line.find("|||", at + 1)) {
    const bool word_start = at == 0 || is_space(line[at - 1]);
    const bool word_end = at + 3 == line.size() || is_space(line[at + 3]) || line[at + 3] == '\r';
    if (word_start && word_end) {
      pair.source = trimmed(line, 0, at);
      pair.target = trimmed(line, at + 3, line.size());
      return true;
    }
  }
  const size_t tab = line.find('\t');
  if (tab == std::string::npos) return false;
  pair.source = trimmed(line, 0, tab);
  pair.target = trimmed(line, tab + 1, line.size());
  return true;
}

PairReader::PairReader(std::istream& pairs, std::string name) : first_(pairs, std::move(name)) {}

PairReader::PairReader(std::istream& source, std::string source_name, std::istream& target, std::string target_name)
    : first_(source, std::move(source_name)), second_(std::make_unique<LineReader>(target, std::move(target_name))) {}

bool PairReader::next(SentencePair& pair) {
  std::string line;
  const bool more = first_.next(line);
  if (!second_) {
    if (!more) return false;
    if (!split_pair(line, pair))
      throw InputError(first_.name(), first_.line_number(), "no ' ||| ' (or TAB) between source and target");
    return true;
  }
  std::string target;
  const bool more_target = second_->next(target);
  if (more != more_target) {
    const LineReader& longer = more ? first_ : *second_;
    throw InputError(longer.name(), longer.line_number(), "has more lines than " + (more ? *second_ : first_).name());
  }
  if (!more) return false;
  pair.source = trimmed(line, 0, line.size());
  pair.target = trimmed(target, 0, target.size());
  return true;
}

bool PairReader::has_buffered_input() const {
  return first_.has_buffered_input() && (!second_ || second_->has_buffered_input());
}

}  // namespace tolmach
