#include "metrics/significance.h"

#include <algorithm>
#include <cmath>

#include "metrics/numpy_random.h"
#include "metrics/parallel.h"

namespace tolmach::metrics {
namespace {

// numpy's pairwise summation (float64 add.reduce), so means round like numpy's.
double pairwise_sum(const double* a, size_t n) {
  if (n < 8) {
    double r = 0.0;
    for (size_t i = 0; i < n; ++i) r += a[i];
    return r;
  }
  if (n <= 128) {
    double r[8];
    for (int j = 0; j < 8; ++j) r[j] = a[j];
    size_t i = 8;
    for (; i < n - (n % 8); i += 8)
      for (int j = 0; j < 8; ++j) r[j] += a[i + j];
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += a[i];
    return res;
  }
  size_t n2 = n / 2;
  n2 -= n2 % 8;
  return pairwise_sum(a, n2) + pairwise_sum(a + n2, n - n2);
}

double mean(const std::vector<double>& v) { return v.empty() ? 0.0 : pairwise_sum(v.data(), v.size()) / v.size(); }

// p = (#{stats > real difference} + 1) / (#stats + 1)  (MultEval's formula)
double p_value(const std::vector<double>& stats, double real_difference) {
  size_t c = 0;
  for (double s : stats) c += s > real_difference;
  return static_cast<double>(c + 1) / static_cast<double>(stats.size() + 1);
}

}  // namespace

std::vector<uint32_t> bootstrap_indices(size_t n, size_t samples, uint64_t seed) {
  NumpyGenerator rng(seed);
  std::vector<uint32_t> idx(n * samples);
  for (auto& v : idx) v = static_cast<uint32_t>(rng.integers(n));
  return idx;
}

std::vector<double> bootstrap_scores(const Metric& m, const std::vector<double>& stats,
                                     const std::vector<uint32_t>& idx, size_t samples,
                                     int threads) {
  const size_t k = m.num_stats();
  const size_t n = k ? stats.size() / k : 0;
  std::vector<double> scores(samples);
  parallel_for(samples, threads, [&](size_t s) {
    std::vector<double> sum(k, 0.0);
    const uint32_t* row = &idx[s * n];
    for (size_t j = 0; j < n; ++j) {
      const double* st = &stats[static_cast<size_t>(row[j]) * k];
      for (size_t c = 0; c < k; ++c) sum[c] += st[c];
    }
    scores[s] = m.score(sum.data()).score;
  }, 8);
  return scores;
}

std::pair<double, double> estimate_ci(std::vector<double> scores) {
  std::sort(scores.begin(), scores.end());
  const size_t n = scores.size();
  if (n == 0) return {0.0, 0.0};
  const size_t lower = n / 40, upper = n - lower - 1;
  return {mean(scores), 0.5 * (scores[upper] - scores[lower])};
}

TestResult paired_bootstrap(const Metric& m, const std::vector<double>& baseline_stats,
                            const std::vector<double>& system_stats,
                            const std::vector<uint32_t>& idx, size_t samples, int threads) {
  const size_t k = m.num_stats();
  const double bl = m.score(sum_statistics(baseline_stats, k).data()).score;
  TestResult r;
  r.score = m.score(sum_statistics(system_stats, k).data()).score;
  const auto bl_scores = bootstrap_scores(m, baseline_stats, idx, samples, threads);
  const auto sys_scores = bootstrap_scores(m, system_stats, idx, samples, threads);
  std::tie(r.mean, r.ci) = estimate_ci(sys_scores);
  std::vector<double> diffs(samples);
  for (size_t s = 0; s < samples; ++s) diffs[s] = std::fabs(sys_scores[s] - bl_scores[s]);
  const double mu = mean(diffs);
  for (double& d : diffs) d -= mu;
  r.p_value = p_value(diffs, std::fabs(bl - r.score));
  return r;
}

TestResult paired_ar(const Metric& m, const std::vector<double>& baseline_stats,
                     const std::vector<double>& system_stats, size_t trials, uint64_t seed,
                     int threads, size_t ci_samples) {
  const size_t k = m.num_stats();
  const size_t n = k ? baseline_stats.size() / k : 0;
  const auto bl_total = sum_statistics(baseline_stats, k);
  const auto sys_total = sum_statistics(system_stats, k);
  TestResult r;
  r.score = m.score(sys_total.data()).score;
  const double diff = std::fabs(m.score(bl_total.data()).score - r.score);

  // pos_sel = rng.integers(2, size=(trials, n), dtype=bool): a trial takes the baseline's
  // statistics where the bit is set and the system's elsewhere (pseudo system A), and the
  // opposite for B. A = sum(sys) + sum over set bits of (bl - sys); B = total - A.
  NumpyGenerator rng(seed);
  const std::vector<uint8_t> sel = rng.booleans(trials * n);
  // Row-major deltas padded to 8 doubles so the per-trial sum is a branch-free FMA loop
  // (bit * delta: exact for the integer statistics of BLEU and chrF).
  const size_t kp = (k + 7) / 8 * 8;
  std::vector<double> delta(n * kp, 0.0);
  for (size_t j = 0; j < n; ++j)
    for (size_t c = 0; c < k; ++c) delta[j * kp + c] = baseline_stats[j * k + c] - system_stats[j * k + c];
  std::vector<double> stats(trials);
  parallel_for(trials, threads, [&](size_t t) {
    const uint8_t* bits = &sel[t * n];
    std::vector<double> acc(kp, 0.0), a(k), b(k);
    for (size_t j = 0; j < n; ++j) {
      const double bit = bits[j];
      const double* d = &delta[j * kp];
      for (size_t c = 0; c < kp; ++c) acc[c] += bit * d[c];
    }
    for (size_t c = 0; c < k; ++c) {
      a[c] = sys_total[c] + acc[c];
      b[c] = bl_total[c] + sys_total[c] - a[c];
    }
    stats[t] = std::fabs(m.score(a.data()).score - m.score(b.data()).score);
  }, 64);
  r.p_value = p_value(stats, diff);
  if (ci_samples > 0) {
    std::vector<uint32_t> idx(ci_samples * n);
    for (auto& v : idx) v = static_cast<uint32_t>(rng.integers(n));
    std::tie(r.mean, r.ci) = estimate_ci(bootstrap_scores(m, system_stats, idx, ci_samples, threads));
  }
  return r;
}

}  // namespace tolmach::metrics
