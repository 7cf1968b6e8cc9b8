#pragma once
// TER as sacreBLEU 2.x computes it (its Tercom re-implementation): greedy block shifts chosen
// by Tercom's ranking, a beam-limited edit distance around the length-scaled diagonal, at
// most 1000 shift candidates per segment. Numbers are identical; only the speed differs
// (prefix reuse + a bit-parallel distance when the beam covers the whole matrix).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "metrics/metric.h"
#include "metrics/ngram.h"
#include "metrics/tokenize.h"

namespace tolmach::metrics {

struct TerOptions {
  bool normalized = false;
  bool no_punct = false;
  bool asian_support = false;
  bool case_sensitive = false;
};

// Number of edits (shifts + edit distance after shifting) and reference length.
// Words are ids; equal ids are equal words.
std::pair<long, long> translation_edit_rate(const std::vector<uint32_t>& hyp,
                                            const std::vector<uint32_t>& ref);

class Ter : public Metric {
 public:
  explicit Ter(TerOptions opt = {});
  const char* key() const override { return "TER"; }
  size_t num_stats() const override { return 2; }  // [edits, average reference length]
  void cache_references(const RefStreams& refs, int threads) override;
  void segment_stats(const std::string& hyp, size_t seg, double* out) const override;
  Score score(const double* stats) const override;
  void signature_fields(Signature& sig) const override;
  std::string preprocess(const std::string& line) const;

 private:
  TerOptions opt_;
  TercomOptions tok_;
  std::vector<std::vector<std::string>> refs_;  // normalised references per segment
};

}  // namespace tolmach::metrics
