// tolmach-score-bleu: BLEU / chrF / TER with sacreBLEU 2.x's numbers, flags and signature,
// plus its paired significance tests. Parses options (tools/score_bleu/args.cpp), reads the
// texts, and prints lib/metrics' report.
#include <algorithm>
#include <iostream>

#include "base/error.h"
#include "base/tool_main.h"
#include "metrics/score_report.h"
#include "metrics/segments.h"
#include "score_bleu/args.h"

using namespace tolmach;
using score_bleu_tool::Args;

namespace {

metrics::RefStreams read_refs(const Args& a, std::vector<std::string>& ref_files) {
  metrics::RefStreams refs;
  ref_files = a.refs;
  for (const auto& f : a.refs) refs.push_back(metrics::read_segments(f));
  if (a.num_refs > 1) {  // one file, num_refs tab-separated references per line
    refs = metrics::split_columns(refs[0], a.refs[0], a.num_refs, true, false);
    ref_files.assign(a.num_refs, a.refs[0]);
  }
  return refs;
}

metrics::Systems read_systems(const Args& a) {
  metrics::Systems s;
  const bool paired = a.report.paired();
  if (a.inputs.empty()) {  // stdin: tab-separated columns are separate systems
    s.segments = metrics::split_columns(metrics::read_segments(std::cin, "<stdin>"), "<stdin>", 0, false, true);
    for (size_t c = 0; c < s.segments.size(); ++c) {
      s.files.push_back("<stdin>");
      s.names.push_back(paired ? (c == 0 ? "Baseline" : "System " + std::to_string(c)) : "System " + std::to_string(c + 1));
    }
    return s;
  }
  for (const auto& f : a.inputs) {
    if (std::find(s.files.begin(), s.files.end(), f) != s.files.end()) {
      if (paired && f == s.files[0]) continue;  // the baseline given again
      throw UsageError("'" + f + "' already used to name a system");
    }
    s.files.push_back(f);
    s.names.push_back(f);
    s.segments.push_back(metrics::read_segments(f));
  }
  if (paired) s.names[0] = "Baseline: " + s.names[0];
  return s;
}

int run(int argc, char** argv) {
  const Args a = score_bleu_tool::parse_args(argc, argv);
  std::vector<std::string> ref_files;
  const metrics::RefStreams refs = read_refs(a, ref_files);
  const metrics::Report report = metrics::score_report(a.report, refs, ref_files, read_systems(a));
  for (const std::string& w : report.warnings) std::cerr << "tolmach-score-bleu: " << w << "\n";
  std::cout << report.text << std::flush;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return run_tool("tolmach-score-bleu", [&] { return run(argc, argv); });
}
