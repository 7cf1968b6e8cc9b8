// Real-data golden test: eval's AER / precision / recall of every reference output in
// shared/data's word-alignment dev halves (en-fr Hansards, ro-en) equal the numbers their
// READMEs list; the intersection / union files there equal ours from the forward and reverse
// runs. Reads TOLMACH_SHARED_DATA; skips when that folder is absent.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "align/aer.h"
#include "align/symmetrize.h"

namespace fs = std::filesystem;
using namespace tolmach;

namespace {

const fs::path kData = fs::path(TOLMACH_SHARED_DATA);
const char* kSets[] = {"align-enfr-hansards-wpt03", "align-roen-wpt05"};

struct Row {
  std::string output, aer, precision, recall;
  long links;
};

// The README's "| output | AER % | precision % | recall % | links |" rows.
std::vector<Row> readme_rows(const fs::path& readme) {
  std::vector<Row> rows;
  std::ifstream in(readme);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("| ", 0) != 0 || line.find("pharaoh0 |") == std::string::npos) continue;
    std::vector<std::string> cells;
    std::stringstream ss(line.substr(1));
    for (std::string c; std::getline(ss, c, '|');) cells.push_back(c.substr(1, c.size() - 2));
    rows.push_back({cells.at(0), cells.at(1), cells.at(2), cells.at(3), std::stol(cells.at(4))});
  }
  return rows;
}

std::string fixed(double x, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, 100 * x);
  return buf;
}

std::vector<Links> read_links(const fs::path& p) {
  std::vector<Links> out;
  std::ifstream in(p);
  for (std::string line; std::getline(in, line);) out.push_back(parse_pharaoh(line));
  return out;
}

class AlignGolden : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    dir_ = kData / GetParam();
    if (!fs::exists(dir_ / "dev.talp")) GTEST_SKIP() << "skip: " << dir_ << " not present";
  }
  fs::path dir_;
};

}  // namespace

TEST_P(AlignGolden, ReadmeAerOfEveryReferenceOutput) {
  const auto rows = readme_rows(dir_ / "README.md");
  ASSERT_EQ(rows.size(), 13u);
  for (const Row& row : rows) {
    std::ifstream gold_in(dir_ / "dev.talp"), hyp_in(dir_ / "ref-outputs" / (row.output + ".dev"));
    ASSERT_TRUE(hyp_in) << row.output;
    LineReader gold(gold_in, "dev.talp"), hyp(hyp_in, row.output);
    EvalOptions options;
    options.one_based_gold = true;
    options.reverse_hyp = row.output.find("rev-tgt-src-order") != std::string::npos;
    const AerCounts c = evaluate_lines(gold, hyp, options);
    EXPECT_EQ(fixed(c.aer(), 2), row.aer) << row.output;
    EXPECT_EQ(fixed(c.precision(), 1), row.precision) << row.output;
    EXPECT_EQ(fixed(c.recall(), 1), row.recall) << row.output;
    EXPECT_EQ(c.hyp, row.links) << row.output;
  }
}

// Lilt symmetrised its runs with its own script; its intersection and union (not its
// grow-diagonal variants) must be the same link sets as ours.
TEST_P(AlignGolden, IntersectionAndUnionOfTheLiltRuns) {
  for (const std::string sys : {"lilt-fastalign", "lilt-mgiza"}) {
    const fs::path out = dir_ / "ref-outputs";
    const auto fwd = read_links(out / (sys + ".fwd.pharaoh0.dev"));
    const auto rev = read_links(out / (sys + ".rev-tgt-src-order.pharaoh0.dev"));
    const auto inter = read_links(out / (sys + ".intersection.pharaoh0.dev"));
    const auto uni = read_links(out / (sys + ".union.pharaoh0.dev"));
    ASSERT_EQ(fwd.size(), rev.size());
    ASSERT_EQ(fwd.size(), inter.size());
    ASSERT_EQ(fwd.size(), uni.size());
    for (size_t i = 0; i < fwd.size(); ++i) {
      EXPECT_EQ(symmetrize(fwd[i], inverted(rev[i]), Heuristic::kIntersect), inter[i]) << sys << " line " << i + 1;
      EXPECT_EQ(symmetrize(fwd[i], inverted(rev[i]), Heuristic::kUnion), uni[i]) << sys << " line " << i + 1;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(DevHalves, AlignGolden, ::testing::ValuesIn(kSets));
