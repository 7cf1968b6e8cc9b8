// score_report: tolmach-score-bleu's report in lib/metrics. The tables are the tool's own
// output from before the move (tests/data/bleu/report_*.txt); the checks are sacreBLEU's.
#include "metrics/score_report.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "base/error.h"
#include "metrics/segments.h"

namespace tolmach::metrics {
namespace {

const std::string kData = std::string(TOLMACH_TEST_DATA) + "/bleu/";

std::string golden(const std::string& name) {
  std::ifstream in(kData + name);
  std::stringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  for (size_t p; (p = text.find("version:VERSION")) != std::string::npos;)
    text.replace(p, 15, std::string("version:") + TOLMACH_VERSION);
  return text;
}

Systems systems(const std::vector<std::string>& files, bool paired) {
  Systems s;
  for (const auto& f : files) {
    s.files.push_back(kData + f);
    s.names.push_back(f);
    s.segments.push_back(read_segments(kData + f));
  }
  if (paired) s.names[0] = "Baseline: " + s.names[0];
  return s;
}

Report report(const ReportOptions& o, const Systems& s) {
  return score_report(o, {read_segments(kData + "wmt17_ref.de")}, {"wmt17_ref.de"}, s);
}

TEST(ScoreReport, PairedBootstrapTable) {
  ReportOptions o;
  o.metrics = {"chrf", "bleu"};  // printed in sacreBLEU's order whatever the order given
  o.paired_bs = true;
  o.paired_bs_n = 200;
  o.json = false;
  o.threads = 2;
  const Report r = report(o, systems({"wmt17_lium.de", "wmt17_uedin.de", "wmt17_online_a.de"}, true));
  EXPECT_EQ(r.text, golden("report_pbs.txt"));
  EXPECT_TRUE(r.warnings.empty());
}

TEST(ScoreReport, PairedApproximateRandomisationTable) {
  ReportOptions o;
  o.metrics = {"bleu", "ter"};
  o.paired_ar = true;
  o.paired_ar_n = 200;
  EXPECT_EQ(report(o, systems({"wmt17_lium.de", "wmt17_uedin.de"}, true)).text, golden("report_par.txt"));
}

TEST(ScoreReport, SeveralSystemsWithoutTests) {
  ReportOptions o;
  o.metrics = {"chrf"};
  EXPECT_EQ(report(o, systems({"wmt17_lium.de", "wmt17_uedin.de"}, false)).text, golden("report_multi.txt"));
}

TEST(ScoreReport, OneSystemWithConfidenceIntervals) {
  ReportOptions o;
  o.metrics = {"bleu", "chrf", "ter"};
  o.json = false;
  o.confidence = true;
  o.confidence_n = 100;
  EXPECT_EQ(report(o, systems({"wmt17_lium.de"}, false)).text, golden("report_ci.txt"));
}

TEST(ScoreReport, SentenceLevelIsSacreBleus) {
  ReportOptions o;
  o.sentence_level = true;
  o.score_only = true;
  const std::string text = report(o, systems({"wmt17_uedin.de"}, false)).text;
  std::ifstream expected(kData + "wmt17_uedin.sentence_bleu");
  std::istringstream got(text);
  std::string want, line;
  size_t n = 0;
  while (std::getline(expected, want) && std::getline(got, line)) {
    EXPECT_NEAR(std::stod(line), std::stod(want), 0.051) << "line " << n + 1;  // printed with 1 decimal
    ++n;
  }
  EXPECT_EQ(n, 20u);
}

TEST(ScoreReport, RefusesWhatSacreBleuRefuses) {
  ReportOptions o;
  o.paired_bs = true;
  EXPECT_THROW(report(o, systems({"wmt17_lium.de"}, true)), UsageError);  // paired needs 2 systems
  o = {};
  o.sentence_level = true;
  EXPECT_THROW(report(o, systems({"wmt17_lium.de", "wmt17_uedin.de"}, false)), UsageError);
  o = {};
  o.confidence = true;
  EXPECT_THROW(report(o, systems({"wmt17_lium.de", "wmt17_uedin.de"}, false)), UsageError);
  Systems short_one = systems({"wmt17_lium.de"}, false);
  short_one.segments[0].pop_back();
  try {
    report({}, short_one);
    ADD_FAILURE() << "accepted 19 lines against 20";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), kData + "wmt17_lium.de");
    EXPECT_NE(std::string(e.what()).find("hypothesis has 19 lines"), std::string::npos);
  }
}

TEST(ScoreReport, WarnsOnEmptyInput) {
  Systems s;
  s.files = {"empty"};
  s.names = {"empty"};
  s.segments = {{}};
  const Report r = score_report({}, {{}}, {"ref"}, s);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0], "warning: empty input, every score is 0");
}

}  // namespace
}  // namespace tolmach::metrics
