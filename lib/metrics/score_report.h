#pragma once
// tolmach-score-bleu's report, given the texts: one system's scores (optionally with a
// bootstrap confidence interval), sentence-level scores, or the multi-system table with
// sacreBLEU's paired tests, formatted exactly as sacreBLEU 2.x prints them.
#include <cstdint>
#include <string>
#include <vector>

#include "metrics/bleu.h"
#include "metrics/chrf.h"
#include "metrics/metric.h"
#include "metrics/ter.h"

namespace tolmach::metrics {

// What sacreBLEU's command line asks for (tools/score_bleu parses it).
struct ReportOptions {
  std::vector<std::string> metrics{"bleu"};  // bleu, chrf, ter; printed in that order
  BleuOptions bleu;
  ChrfOptions chrf;
  TerOptions ter;
  bool sentence_level = false, score_only = false, short_sig = false, json = true, force = false;
  int width = 1;
  bool confidence = false, paired_bs = false, paired_ar = false, paired_ar_ci = false;
  size_t confidence_n = 1000, paired_bs_n = 1000, paired_ar_n = 10000;
  uint64_t seed = 12345;
  int threads = 1;
  bool paired() const { return paired_bs || paired_ar; }
};

struct Systems {
  std::vector<std::string> names;                  // as the report prints them
  std::vector<std::string> files;                  // for errors
  std::vector<std::vector<std::string>> segments;  // one list of lines per system
};

struct Report {
  std::string text;                   // stdout
  std::vector<std::string> warnings;  // stderr, one line each (empty input, tokenized text)
};

// UsageError for combinations sacreBLEU refuses (several systems or metrics with -sl, ...),
// InputError naming the file when a system's line count differs from a reference's.
Report score_report(const ReportOptions& options, const RefStreams& refs, const std::vector<std::string>& ref_files,
                    const Systems& systems);

}  // namespace tolmach::metrics
