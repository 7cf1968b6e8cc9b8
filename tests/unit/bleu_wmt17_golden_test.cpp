// Real-data golden test: the 16 WMT17 newstest2017 en-de systems against sacreBLEU 2.6.0's
// numbers (every column of scores.sacrebleu-2.6.0.tsv, signatures, the verbose BLEU line,
// sentence BLEU / chrF2 of uedin-nmt, paired significance p-values). Reads
// TOLMACH_SHARED_DATA; skips when that folder is absent.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "metrics/bleu.h"
#include "metrics/chrf.h"
#include "metrics/parallel.h"
#include "metrics/report.h"
#include "metrics/segments.h"
#include "metrics/significance.h"
#include "metrics/ter.h"

namespace fs = std::filesystem;
namespace m = tolmach::metrics;

namespace {

const fs::path kDir = fs::path(TOLMACH_SHARED_DATA) / "wmt17-newstest2017-ende-systems";

std::vector<std::vector<std::string>> read_tsv(const fs::path& p) {
  std::ifstream in(p);
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string x; std::getline(ss, x, '\t');) f.push_back(x);
    rows.push_back(f);
  }
  return rows;
}

std::string without_version(const std::string& sig) { return sig.substr(0, sig.rfind("|version:")); }

// The metric behind each column of scores.sacrebleu-2.6.0.tsv.
std::unique_ptr<m::Metric> column_metric(const std::string& col) {
  m::BleuOptions b;
  if (col == "BLEU_13a") return std::make_unique<m::Bleu>(b);
  if (col == "BLEU_intl") { b.tokenizer = m::BleuTokenizer::kIntl; return std::make_unique<m::Bleu>(b); }
  if (col == "BLEU_none") { b.tokenizer = m::BleuTokenizer::kNone; return std::make_unique<m::Bleu>(b); }
  if (col == "BLEU_13a_lc") { b.lowercase = true; return std::make_unique<m::Bleu>(b); }
  if (col == "BLEU_char") { b.tokenizer = m::BleuTokenizer::kChar; return std::make_unique<m::Bleu>(b); }
  m::ChrfOptions c;
  if (col == "chrF2") return std::make_unique<m::Chrf>(c);
  if (col == "chrF2pp") { c.word_order = 2; return std::make_unique<m::Chrf>(c); }
  if (col == "TER") return std::make_unique<m::Ter>();
  return nullptr;
}

class Wmt17 : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kDir / "scores.sacrebleu-2.6.0.tsv"))
      GTEST_SKIP() << "skip: " << kDir << " not present";
    refs_ = {m::read_segments((kDir / "newstest2017.ref.de").string())};
  }
  const std::vector<std::string>& system(const std::string& name) {
    static std::map<std::string, std::vector<std::string>> cache;  // read each file once
    auto it = cache.find(name);
    if (it == cache.end()) it = cache.emplace(name, m::read_segments((kDir / "systems" / name).string())).first;
    return it->second;
  }
  m::RefStreams refs_;
  const int threads_ = m::default_threads();
};

}  // namespace

TEST_F(Wmt17, EveryColumnOfEverySystemMatchesSacrebleu) {
  const auto rows = read_tsv(kDir / "scores.sacrebleu-2.6.0.tsv");
  ASSERT_EQ(rows.size(), 17u);
  const auto& header = rows[0];
  ASSERT_EQ(header.size(), 9u);
  std::map<std::string, std::string> signatures;
  for (const auto& r : read_tsv(kDir / "scores.sacrebleu-2.6.0.signatures.txt")) signatures[r[0]] = r[1];
  int checked = 0;
  for (size_t c = 1; c < header.size(); ++c) {
    auto metric = column_metric(header[c]);
    ASSERT_TRUE(metric) << header[c];
    metric->cache_references(refs_, threads_);
    EXPECT_EQ(without_version(metric->signature().str()), without_version(signatures.at(header[c])))
        << header[c];
    for (size_t r = 1; r < rows.size(); ++r) {
      const double got = m::corpus_score(*metric, system(rows[r][0]), threads_).score;
      EXPECT_NEAR(got, std::stod(rows[r][c]), 1e-6) << rows[r][0] << " " << header[c];
      ++checked;
    }
  }
  EXPECT_EQ(checked, 16 * 8);
}

TEST_F(Wmt17, VerboseBleuLinesMatchSacrebleu) {
  m::Bleu bleu;
  bleu.cache_references(refs_, threads_);
  for (const auto& row : read_tsv(kDir / "scores.sacrebleu-2.6.0.bleu13a-verbose.txt")) {
    const m::Score s = m::corpus_score(bleu, system(row[0]), threads_);
    EXPECT_EQ(m::format_score(s, 2, false, "", false), row[1]) << row[0];
  }
}

TEST_F(Wmt17, SentenceBleuAndChrfOfUedinMatchSacrebleu) {
  const auto& hyps = system("newstest2017.uedin-nmt.4722.en-de");
  m::BleuOptions bo;
  bo.effective_order = true;  // as sacreBLEU -sl
  m::Bleu bleu(bo);
  m::Chrf chrf;
  const auto bleu_gold = m::read_segments((kDir / "sentence_bleu.uedin-nmt.sacrebleu-2.6.0.txt").string());
  const auto chrf_gold = m::read_segments((kDir / "sentence_chrf2.uedin-nmt.sacrebleu-2.6.0.txt").string());
  ASSERT_EQ(bleu_gold.size(), hyps.size());
  ASSERT_EQ(chrf_gold.size(), hyps.size());
  for (auto [metric, gold] : {std::pair<m::Metric*, const std::vector<std::string>*>{&bleu, &bleu_gold},
                              {&chrf, &chrf_gold}}) {
    metric->cache_references(refs_, threads_);
    const auto stats = m::corpus_statistics(*metric, hyps, threads_);
    const size_t k = metric->num_stats();
    int bad = 0;
    for (size_t i = 0; i < hyps.size(); ++i) {
      const double got = metric->score(&stats[i * k]).score;
      if (std::fabs(got - std::stod((*gold)[i])) > 1e-6 && ++bad <= 5)
        ADD_FAILURE() << metric->key() << " segment " << i + 1 << ": " << got << " vs " << (*gold)[i];
    }
    EXPECT_EQ(bad, 0) << metric->key();
  }
}

// sacreBLEU's own test_significance.py compares its p-values (BLEU tok none, baseline
// LIUM-NMT, paired bootstrap with 2000 resamples, approximate randomization with 10000 trials,
// seed 12345) with Moses' and MultEval's at tolerance 1e-2; the file holds those reference
// p-values, so the same tolerance applies here.
TEST_F(Wmt17, PairedTestPValuesMatchMosesAndMultEval) {
  const auto table = read_tsv(kDir / "significance_pvalues_vs_LIUM-NMT.tsv");
  m::BleuOptions bo;
  bo.tokenizer = m::BleuTokenizer::kNone;
  m::Bleu bleu(bo);
  bleu.cache_references(refs_, threads_);
  const auto baseline = m::corpus_statistics(bleu, system("newstest2017.LIUM-NMT.4900.en-de"), threads_);
  const auto idx = m::bootstrap_indices(refs_[0].size(), 2000, 12345);
  for (size_t r = 1; r < table.size(); ++r) {
    const auto stats = m::corpus_statistics(bleu, system(table[r][0]), threads_);
    const auto bs = m::paired_bootstrap(bleu, baseline, stats, idx, 2000, threads_);
    const auto ar = m::paired_ar(bleu, baseline, stats, 10000, 12345, threads_);
    EXPECT_NEAR(bs.p_value, std::stod(table[r][1]), 1e-2) << table[r][0] << " bootstrap";
    EXPECT_NEAR(ar.p_value, std::stod(table[r][2]), 1e-2) << table[r][0] << " approximate randomization";
    std::printf("%-45s bs p=%.5f (Moses %s)  ar p=%.5f (MultEval %s)\n", table[r][0].c_str(), bs.p_value,
                table[r][1].c_str(), ar.p_value, table[r][2].c_str());
  }
}
