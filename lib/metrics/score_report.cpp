#include "metrics/score_report.h"

#include <algorithm>
#include <memory>
#include <tuple>

#include "base/error.h"
#include "metrics/report.h"
#include "metrics/significance.h"

namespace tolmach::metrics {
namespace {

using Extra = std::vector<std::pair<std::string, std::string>>;

bool wants(const ReportOptions& o, const char* name) {
  return std::find(o.metrics.begin(), o.metrics.end(), name) != o.metrics.end();
}

// Metrics in sacreBLEU's order (sorted by name: BLEU, CHRF, TER), without duplicates.
std::vector<std::unique_ptr<Metric>> make_metrics(const ReportOptions& o) {
  std::vector<std::unique_ptr<Metric>> out;
  if (wants(o, "bleu")) {
    BleuOptions b = o.bleu;
    b.effective_order = o.sentence_level;  // sacreBLEU switches it on for -sl
    out.push_back(std::make_unique<Bleu>(b));
  }
  if (wants(o, "chrf")) out.push_back(std::make_unique<Chrf>(o.chrf));
  if (wants(o, "ter")) out.push_back(std::make_unique<Ter>(o.ter));
  return out;
}

void check_request(const ReportOptions& o, const RefStreams& refs, const std::vector<std::string>& ref_files,
                   const Systems& s) {
  for (size_t i = 0; i < s.segments.size(); ++i)
    for (size_t r = 0; r < refs.size(); ++r)
      if (s.segments[i].size() != refs[r].size())
        throw InputError(s.files[i], 0, "hypothesis has " + std::to_string(s.segments[i].size()) +
                                            " lines but reference " + ref_files[r] + " has " +
                                            std::to_string(refs[r].size()) + " lines");
  const size_t n = s.segments.size();
  if (o.sentence_level && o.metrics.size() > 1) throw UsageError("only one metric can be used in sentence-level mode");
  if (o.sentence_level && n > 1) throw UsageError("only one system can be evaluated in sentence-level mode");
  if (o.sentence_level && (o.confidence || o.paired()))
    throw UsageError("statistical tests are unavailable in sentence-level mode");
  if (o.paired() && n < 2) throw UsageError("paired tests need several systems given to -i");
  if (n > 1 && o.confidence) throw UsageError("use paired tests (--paired-bs / --paired-ar) for several systems");
}

std::string sentence_scores(const ReportOptions& o, const Metric& metric, const std::vector<std::string>& hyps) {
  const auto stats = corpus_statistics(metric, hyps, o.threads);
  const std::string sig = metric.signature().str(o.short_sig);
  const size_t k = metric.num_stats();
  std::string out;
  for (size_t i = 0; i < hyps.size(); ++i)
    out += format_score(metric.score(&stats[i * k]), o.width, o.score_only, sig, false) + "\n";
  return out;
}

std::string single_system(const ReportOptions& o, const std::vector<std::unique_ptr<Metric>>& metrics,
                          const std::vector<std::string>& hyps) {
  const size_t n = hyps.size();
  std::vector<std::string> results;
  for (const auto& metric : metrics) {
    const auto stats = corpus_statistics(*metric, hyps, o.threads);
    Score s = metric->score(sum_statistics(stats, metric->num_stats()).data());
    Extra extra;
    if (o.confidence && n > 0) {
      const auto idx = bootstrap_indices(n, o.confidence_n, o.seed);
      std::tie(s.mean, s.ci) = estimate_ci(bootstrap_scores(*metric, stats, idx, o.confidence_n, o.threads));
      extra = {{"bs", std::to_string(o.confidence_n)}, {"seed", std::to_string(o.seed)}};
    }
    const std::string sig = metric->signature(extra).str(o.short_sig && !o.json);
    results.push_back(format_score(s, o.width, o.score_only, sig, o.json));
  }
  return join_single_results(results, o.json);
}

// One metric's column of the table: the baseline's score (and CI), then each system's test.
// `name` gets the metric's name as its scores give it ("chrF2").
std::vector<TestResult> table_column(const ReportOptions& o, const Metric& metric, const Systems& s,
                                     const std::vector<uint32_t>& idx, size_t ci_n, std::string& name) {
  const size_t n = s.segments[0].size(), k = metric.num_stats();
  const size_t samples = o.paired_bs ? o.paired_bs_n : o.paired_ar_n;
  const auto bl_stats = corpus_statistics(metric, s.segments[0], o.threads);
  std::vector<TestResult> column(1);
  const Score baseline = metric.score(sum_statistics(bl_stats, k).data());
  column[0].score = baseline.score;
  name = baseline.name;
  if (!idx.empty())
    std::tie(column[0].mean, column[0].ci) = estimate_ci(bootstrap_scores(metric, bl_stats, idx, ci_n, o.threads));
  for (size_t i = 1; i < s.segments.size(); ++i) {
    const auto st = corpus_statistics(metric, s.segments[i], o.threads);
    TestResult r;
    if (o.paired_bs && n > 0) r = paired_bootstrap(metric, bl_stats, st, idx, samples, o.threads);
    else if (o.paired_ar && n > 0) r = paired_ar(metric, bl_stats, st, samples, o.seed, o.threads, o.paired_ar_ci ? 2000 : 0);
    else r.score = metric.score(sum_statistics(st, k).data()).score;
    column.push_back(r);
  }
  return column;
}

std::string system_table(const ReportOptions& o, const std::vector<std::unique_ptr<Metric>>& metrics,
                         const Systems& s) {
  const size_t n = s.segments[0].size();
  const size_t samples = o.paired_bs ? o.paired_bs_n : o.paired_ar_n;
  const size_t ci_n = o.paired_bs ? o.paired_bs_n : 2000;
  std::vector<uint32_t> idx;
  if ((o.paired_bs || o.paired_ar_ci) && n > 0) idx = bootstrap_indices(n, ci_n, o.seed);
  std::vector<SystemRow> rows(s.segments.size());
  for (size_t i = 0; i < rows.size(); ++i) rows[i].name = s.names[i];
  std::vector<std::string> metric_names, sigs;
  for (const auto& metric : metrics) {
    Extra extra;
    if (o.paired()) {  // sacreBLEU's signature order: bs, ar, seed
      if (o.paired_bs || o.paired_ar_ci) extra.emplace_back("bs", std::to_string(ci_n));
      if (o.paired_ar) extra.emplace_back("ar", std::to_string(samples));
      extra.emplace_back("seed", std::to_string(o.seed));
    }
    metric_names.emplace_back();
    const std::vector<TestResult> column = table_column(o, *metric, s, idx, ci_n, metric_names.back());
    for (size_t i = 0; i < rows.size(); ++i) rows[i].results.push_back(column[i]);
    sigs.push_back(metric->signature(extra).str(o.short_sig));
  }
  return format_table(metric_names, sigs, rows, o.width, o.paired_bs ? "bs" : (o.paired_ar ? "ar" : ""), samples);
}

}  // namespace

Report score_report(const ReportOptions& o, const RefStreams& refs, const std::vector<std::string>& ref_files,
                    const Systems& s) {
  check_request(o, refs, ref_files, s);
  const auto metrics = make_metrics(o);
  Report report;
  const size_t n = refs[0].size();
  if (n == 0) report.warnings.push_back("warning: empty input, every score is 0");
  for (auto& metric : metrics) metric->cache_references(refs, o.threads);
  if (!o.force && wants(o, "bleu")) {
    size_t tokenized = 0;
    for (const auto& h : s.segments[0]) tokenized += h.size() >= 2 && h.compare(h.size() - 2, 2, " .") == 0;
    if (tokenized >= 100)
      report.warnings.push_back("warning: " + std::to_string(tokenized) +
                                " lines end in a tokenized period (' .'); detokenize the input or pass --force");
  }
  if (o.sentence_level) report.text = sentence_scores(o, *metrics[0], s.segments[0]);
  else if (s.segments.size() == 1) report.text = single_system(o, metrics, s.segments[0]);
  else report.text = system_table(o, metrics, s);
  return report;
}

}  // namespace tolmach::metrics
