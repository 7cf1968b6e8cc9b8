#pragma once
// sacreBLEU's statistical tests over per-segment statistics: bootstrap confidence intervals,
// paired bootstrap resampling (Koehn 2004, as Moses' script) and paired approximate
// randomisation (as MultEval), with numpy's default_rng(seed) stream so that p-values, means
// and intervals are the ones sacreBLEU prints.
#include <cstdint>
#include <vector>

#include "metrics/metric.h"

namespace tolmach::metrics {

struct TestResult {
  double score = 0.0;
  double p_value = -1.0;  // < 0: not a paired comparison (the baseline)
  double mean = -1.0;     // bootstrap mean / 95% CI half-width, when estimated
  double ci = -1.0;
};

// Resample indices: rng.choice(n, size=(samples, n), replace=True), row-major.
std::vector<uint32_t> bootstrap_indices(size_t n, size_t samples, uint64_t seed);

// Scores of every bootstrap resample of one system's statistics (n x k).
std::vector<double> bootstrap_scores(const Metric& m, const std::vector<double>& stats,
                                     const std::vector<uint32_t>& idx, size_t samples,
                                     int threads);

// sacreBLEU's estimate_ci: (mean, half-width of the central 95% interval).
std::pair<double, double> estimate_ci(std::vector<double> scores);

// Paired bootstrap test of a system against the baseline (same resample indices for both).
TestResult paired_bootstrap(const Metric& m, const std::vector<double>& baseline_stats,
                            const std::vector<double>& system_stats,
                            const std::vector<uint32_t>& idx, size_t samples, int threads);

// Paired approximate randomisation with `trials` random swaps (seeded per system, as
// sacreBLEU re-seeds for every comparison). With ci_samples > 0 the system's bootstrap CI is
// estimated too, from resample indices drawn next from the same stream (as sacreBLEU does).
TestResult paired_ar(const Metric& m, const std::vector<double>& baseline_stats,
                     const std::vector<double>& system_stats, size_t trials, uint64_t seed,
                     int threads, size_t ci_samples = 0);

}  // namespace tolmach::metrics
