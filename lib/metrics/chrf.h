#pragma once
// chrF / chrF++ exactly as sacreBLEU 2.x: character n-grams (whitespace removed unless
// asked), optional word n-grams after its punctuation splitting, best reference by F-score,
// effective-order averaging (default) or chrF++.py-style eps smoothing.
#include <string>
#include <vector>

#include "metrics/metric.h"
#include "metrics/ngram.h"

namespace tolmach::metrics {

struct ChrfOptions {
  int char_order = 6;
  int word_order = 0;
  int beta = 2;
  bool lowercase = false;
  bool whitespace = false;
  bool eps_smoothing = false;
};

class Chrf : public Metric {
 public:
  explicit Chrf(ChrfOptions opt = {});
  const char* key() const override { return "CHRF"; }
  // [hyp, ref, match] per character order, then per word order
  size_t num_stats() const override { return 3 * static_cast<size_t>(opt_.char_order + opt_.word_order); }
  void cache_references(const RefStreams& refs, int threads) override;
  void segment_stats(const std::string& hyp, size_t seg, double* out) const override;
  Score score(const double* stats) const override;
  void signature_fields(Signature& sig) const override;

  // The F-score of aggregated statistics, 0..100 (sacreBLEU's _compute_f_score).
  double f_score(const double* stats) const;

 private:
  struct Scratch;
  // Character ids (1-based index into the sorted reference alphabet, 0 if absent) and word ids.
  void symbols(const std::string& line, Scratch& sc, std::vector<uint32_t>& chars,
               std::vector<uint32_t>& words) const;
  ChrfOptions opt_;
  // (Lower-cased) references per segment; n-gram tables are built per call in per-thread
  // buffers, which is faster than keeping thousands of small tables alive.
  std::vector<std::vector<std::string>> refs_;
};

// sacreBLEU's chrF++ word splitting: a trailing (else leading) ASCII punctuation mark of a
// longer word becomes its own token.
std::vector<std::string> chrf_words(const std::string& line);

}  // namespace tolmach::metrics
