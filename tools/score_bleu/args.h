#pragma once
// tolmach-score-bleu's command line (sacreBLEU 2.x's flags, its single-dash aliases too),
// parsed in tools/score_bleu/args.cpp.
#include <string>
#include <vector>

#include "metrics/score_report.h"

namespace tolmach::score_bleu_tool {

struct Args {
  std::vector<std::string> refs, inputs;  // no inputs: stdin (tab-separated columns = systems)
  size_t num_refs = 1;                    // > 1: tab-separated references in one file
  metrics::ReportOptions report;
};

// Exits 0 after --help / --version; UsageError for bad flags.
Args parse_args(int argc, char** argv);

}  // namespace tolmach::score_bleu_tool
