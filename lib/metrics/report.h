#pragma once
// sacreBLEU 2.x's output formats: a score line ("BLEU|<signature> = 28.3 <verbose>"), its
// JSON object (same keys, indent 1), -b score-only, and the multi-system / paired-test table.
#include <string>
#include <vector>

#include "metrics/metric.h"
#include "metrics/significance.h"

namespace tolmach::metrics {

// f"{x:.{width}f}"
std::string fixed_decimals(double x, int width);

// Score.format(width, score_only, signature, is_json) of sacreBLEU.
std::string format_score(const Score& s, int width, bool score_only, const std::string& signature,
                         bool json);

// print_single_results: several JSON objects become a list; text lines are aligned at '='.
std::string join_single_results(const std::vector<std::string>& results, bool json);

struct SystemRow {
  std::string name;
  std::vector<TestResult> results;  // one per metric
};

// Multi-system table: per metric a column "score [(mean ± ci)] [(p = ...)]", then the
// paired-test explanation (when `test` is "bs" or "ar") and the metric signatures.
std::string format_table(const std::vector<std::string>& metric_names,
                         const std::vector<std::string>& signatures,
                         const std::vector<SystemRow>& rows, int width, const std::string& test,
                         size_t n_samples);

}  // namespace tolmach::metrics
