#include "data/corpus.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "base/error.h"
#include "text/utf8.h"

namespace tolmach {
namespace {

std::ifstream open_or_throw(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, std::string("cannot open: ") + std::strerror(errno));
  return in;
}

}  // namespace

void ParallelCorpus::add(const std::vector<int>& source, const std::vector<int>& target,
                         size_t line) {
  src_.insert(src_.end(), source.begin(), source.end());
  trg_.insert(trg_.end(), target.begin(), target.end());
  src_begin_.push_back(src_.size());
  trg_begin_.push_back(trg_.size());
  lines_.push_back(line);
}

size_t count_lines(const std::string& path) {
  std::ifstream in = open_or_throw(path);
  std::vector<char> buf(1 << 20);
  size_t lines = 0;
  char last = '\n';
  while (in.read(buf.data(), buf.size()) || in.gcount() > 0) {
    const auto n = static_cast<size_t>(in.gcount());
    lines += std::count(buf.begin(), buf.begin() + n, '\n');
    last = buf[n - 1];
  }
  if (in.bad()) throw InputError(path, 0, std::string("cannot read: ") + std::strerror(errno));
  return lines + (last != '\n' ? 1 : 0);
}

ParallelCorpus read_parallel_corpus(const std::string& source_path, const std::string& target_path,
                                    const EncodeFn& encode_source, const EncodeFn& encode_target,
                                    const CorpusOptions& options, CorpusStats* stats) {
  // Count first: a mismatch is a broken corpus, found before any work is done.
  const size_t n_src = count_lines(source_path), n_trg = count_lines(target_path);
  if (n_src != n_trg)
    throw InputError(source_path, 0,
                     "has " + std::to_string(n_src) + " lines but " + target_path + " has " +
                         std::to_string(n_trg) + " lines; a parallel corpus needs equal counts");

  std::ifstream src_in = open_or_throw(source_path), trg_in = open_or_throw(target_path);
  LineReader src_reader(src_in, source_path), trg_reader(trg_in, target_path);
  ParallelCorpus corpus(source_path, target_path);
  CorpusStats local;
  std::string src_line, trg_line;
  while (src_reader.next(src_line)) {
    if (!trg_reader.next(trg_line))  // the files changed under us after counting
      throw InputError(target_path, trg_reader.line_number() + 1, "ended before " + source_path);
    ++local.lines;
    std::vector<int> src = encode_source(src_line), trg = encode_target(trg_line);
    const size_t max = options.max_length;
    if (src.empty() || trg.empty()) {
      ++local.skipped_empty;
    } else if (max && (src.size() > max || trg.size() > max) && !options.crop) {
      ++local.skipped_long;
    } else {
      if (max && (src.size() > max || trg.size() > max)) {
        ++local.cropped;
        src.resize(std::min(src.size(), max));
        trg.resize(std::min(trg.size(), max));
      }
      corpus.add(src, trg, src_reader.line_number());
    }
  }
  local.kept = corpus.size();
  if (stats) *stats = local;
  return corpus;
}

}  // namespace tolmach
