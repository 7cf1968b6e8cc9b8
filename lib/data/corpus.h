#pragma once
// A parallel corpus held in memory as token ids (Multi30k-sized data fits easily; even
// millions of pairs cost only their ids). Reading validates the files up front, so a
// mismatched or broken corpus stops training before the first step, not mid-epoch.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace tolmach {

// Turns one line of text into token ids (no bos/eos: the batcher adds those).
using EncodeFn = std::function<std::vector<int>(const std::string&)>;

// Token-level links (source position, target position) of one pair: guided alignment.
using TokenLinks = std::vector<std::pair<int, int>>;

// A read-only view of one side of one sentence pair.
struct TokenSpan {
  const int* data = nullptr;
  size_t length = 0;
  size_t size() const { return length; }
  const int* begin() const { return data; }
  const int* end() const { return data + length; }
  std::vector<int> to_vector() const { return {begin(), end()}; }
};

// What reading kept and dropped; the trainer logs it.
struct CorpusStats {
  size_t lines = 0;          // pairs read
  size_t kept = 0;           // pairs in the corpus
  size_t skipped_empty = 0;  // either side has no tokens
  size_t skipped_long = 0;   // either side longer than max_length tokens
  size_t cropped = 0;        // pairs cut to max_length instead (crop)
};

class ParallelCorpus {
 public:
  ParallelCorpus() = default;
  ParallelCorpus(std::string source_name, std::string target_name)
      : source_name_(std::move(source_name)), target_name_(std::move(target_name)) {}

  // Append a pair; `line` is its 1-based line in the files (for messages).
  void add(const std::vector<int>& source, const std::vector<int>& target, size_t line);

  size_t size() const { return lines_.size(); }
  bool empty() const { return lines_.empty(); }
  TokenSpan source(size_t i) const { return span(src_, src_begin_, i); }
  TokenSpan target(size_t i) const { return span(trg_, trg_begin_, i); }
  size_t line(size_t i) const { return lines_[i]; }
  // Guided alignment: one TokenLinks per pair (in pair order), or none.
  void set_alignments(std::vector<TokenLinks> alignments) { alignments_ = std::move(alignments); }
  bool has_alignments() const { return !alignments_.empty(); }
  const TokenLinks& alignment(size_t i) const { return alignments_[i]; }
  const std::string& source_name() const { return source_name_; }
  const std::string& target_name() const { return target_name_; }

 private:
  static TokenSpan span(const std::vector<int>& ids, const std::vector<size_t>& begin, size_t i) {
    return {ids.data() + begin[i], begin[i + 1] - begin[i]};
  }
  std::string source_name_, target_name_;
  std::vector<int> src_, trg_;                          // all ids, concatenated
  std::vector<size_t> src_begin_{0}, trg_begin_{0};     // [size + 1] offsets
  std::vector<size_t> lines_;
  std::vector<TokenLinks> alignments_;
};

struct CorpusOptions {
  // --max-length: skip pairs with a side of more tokens (bos/eos not counted; 0 = no limit).
  size_t max_length = 0;
  bool crop = false;  // --max-length-crop: cut such sides to max_length instead of skipping
};

// Number of lines as std::getline sees them (a last line without '\n' counts).
size_t count_lines(const std::string& path);

// Read `source_path` and `target_path` in lockstep. Throws InputError before reading any
// pair when the line counts differ (naming both files and counts), and on invalid UTF-8
// (naming file and line). Empty and over-long pairs are skipped and counted in `stats`.
ParallelCorpus read_parallel_corpus(const std::string& source_path, const std::string& target_path,
                                    const EncodeFn& encode_source, const EncodeFn& encode_target,
                                    const CorpusOptions& options, CorpusStats* stats = nullptr);

}  // namespace tolmach
