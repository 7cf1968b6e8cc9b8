#pragma once
// The shape every metric shares (as in sacreBLEU 2.x): per-segment sufficient statistics,
// summed over a corpus, turned into a score. Significance tests and bootstrap resampling only
// ever see statistics, so they work for BLEU, chrF and TER alike.
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace tolmach::metrics {

// One reference stream per reference file: refs[k][i] is reference k of segment i.
using RefStreams = std::vector<std::vector<std::string>>;

struct Score {
  std::string name;     // "BLEU", "chrF2", "chrF2++", "TER"
  double score = 0.0;
  std::string verbose;  // BLEU's precisions / BP / lengths, empty for the others
  double mean = -1.0;   // bootstrap estimate, when resampled (mean > 0 means present)
  double ci = -1.0;
};

// Ordered key:value pairs, formatted "k:v|k:v|...|version:V" like sacreBLEU; the short form
// (--short) uses sacreBLEU's abbreviations ("#:1|c:mixed|...|v:...").
class Signature {
 public:
  void set(const std::string& key, const std::string& value, const std::string& abbr = "");
  std::string str(bool short_form = false) const;

 private:
  struct Item {
    std::string key, value, abbr;
  };
  std::vector<Item> items_;
};

class Metric {
 public:
  virtual ~Metric() = default;
  // sacreBLEU's metric key ("BLEU", "CHRF", "TER"): results are printed sorted by it.
  virtual const char* key() const = 0;
  virtual size_t num_stats() const = 0;
  // Pre-processes and caches the references (once; reused for every system). Empty
  // references of a segment are dropped unless all of them are empty.
  virtual void cache_references(const RefStreams& refs, int threads) = 0;
  // Statistics of hypothesis `hyp` for segment `seg` into out[0..num_stats()). Thread-safe.
  virtual void segment_stats(const std::string& hyp, size_t seg, double* out) const = 0;
  virtual Score score(const double* stats) const = 0;
  // The metric part of the signature (nrefs/version are added by signature()).
  virtual void signature_fields(Signature& sig) const = 0;

  size_t num_segments() const { return num_segments_; }
  // "nrefs:N|[extra]|<metric fields>|version:..." where extra holds bs/ar/seed when used.
  Signature signature(const std::vector<std::pair<std::string, std::string>>& extra = {}) const;

 protected:
  // The kept references of every segment (see kept_refs), each passed through `prepare`
  // on `threads`; records how many each segment kept (nrefs "var" when it differs).
  std::vector<std::vector<std::string>> prepare_references(
      const RefStreams& refs, int threads, const std::function<std::string(const std::string&)>& prepare);
  size_t num_segments_ = 0;
  std::string nrefs_ = "1";
};

// Statistics of every hypothesis segment (row-major, n x num_stats), computed on `threads`.
std::vector<double> corpus_statistics(const Metric& m, const std::vector<std::string>& hyps,
                                      int threads);
// Column sums in segment order (sacreBLEU's sum_of_lists).
std::vector<double> sum_statistics(const std::vector<double>& stats, size_t k);
// Convenience: score of a whole corpus.
Score corpus_score(const Metric& m, const std::vector<std::string>& hyps, int threads);

// Indices of the non-empty references of segment i (all of them when every one is empty).
std::vector<size_t> kept_refs(const RefStreams& refs, size_t i);

}  // namespace tolmach::metrics
