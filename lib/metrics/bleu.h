#pragma once
// Corpus / sentence BLEU exactly as sacreBLEU 2.x computes it (same tokenizers, smoothing,
// effective order, closest reference length, signature).
#include <optional>
#include <string>
#include <vector>

#include "metrics/metric.h"
#include "metrics/ngram.h"
#include "metrics/tokenize.h"

namespace tolmach::metrics {

enum class Smooth { kExp, kFloor, kAddK, kNone };
Smooth parse_smooth(const std::string& name);  // exp | floor | add-k | none

struct BleuOptions {
  BleuTokenizer tokenizer = BleuTokenizer::k13a;
  bool lowercase = false;
  Smooth smooth = Smooth::kExp;
  std::optional<double> smooth_value;  // default: floor 0.1, add-k 1
  int max_ngram_order = 4;
  bool effective_order = false;
};

struct BleuResult {
  double score = 0;
  std::vector<double> precisions;
  double bp = 0;
  double sys_len = 0, ref_len = 0;
};

// BLEU from sufficient statistics (sacreBLEU's BLEU.compute_bleu).
BleuResult compute_bleu(std::vector<double> correct, std::vector<double> total, double sys_len,
                        double ref_len, Smooth smooth, std::optional<double> smooth_value,
                        bool effective_order, int max_ngram_order);

class Bleu : public Metric {
 public:
  explicit Bleu(BleuOptions opt = {});
  const char* key() const override { return "BLEU"; }
  // [hyp_len, ref_len, correct_1..N, total_1..N]
  size_t num_stats() const override { return 2 + 2 * opt_.max_ngram_order; }
  void cache_references(const RefStreams& refs, int threads) override;
  void segment_stats(const std::string& hyp, size_t seg, double* out) const override;
  Score score(const double* stats) const override;
  void signature_fields(Signature& sig) const override;

  // Lower-casing + tokenization applied to every segment.
  std::string preprocess(const std::string& line) const;
  const BleuOptions& options() const { return opt_; }

 private:
  BleuOptions opt_;
  // Tokenized references per segment; their n-gram tables are built per call in reused
  // per-thread buffers, which is faster than keeping thousands of small tables alive.
  std::vector<std::vector<std::string>> refs_;
};

}  // namespace tolmach::metrics
