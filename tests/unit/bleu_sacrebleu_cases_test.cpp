// All 89 literal cases of sacreBLEU 2.6.0's own test suite (BLEU, sentence BLEU, chrF, TER,
// TER tokenizer), each checked against the value sacreBLEU 2.6.0 itself produced.
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "metrics/bleu.h"
#include "metrics/chrf.h"
#include "metrics/ter.h"

using nlohmann::json;
namespace m = tolmach::metrics;

namespace {

std::vector<json> load_cases() {
  std::ifstream in(std::string(TOLMACH_TEST_DATA) + "/bleu/sacrebleu_cases.jsonl");
  std::vector<json> cases;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) cases.push_back(json::parse(line));
  return cases;
}

m::RefStreams refs_of(const json& c) { return c.at("refs").get<m::RefStreams>(); }
std::vector<std::string> hyps_of(const json& c) { return c.at("hyps").get<std::vector<std::string>>(); }

m::BleuOptions bleu_options(const json& o) {
  m::BleuOptions opt;
  if (o.contains("tokenize")) opt.tokenizer = m::parse_bleu_tokenizer(o["tokenize"].get<std::string>());
  opt.smooth = m::parse_smooth(o.value("smooth_method", "exp"));
  if (o.contains("smooth_value") && !o["smooth_value"].is_null()) opt.smooth_value = o["smooth_value"].get<double>();
  opt.effective_order = o.value("effective_order", false);
  opt.lowercase = o.value("lowercase", false);
  opt.max_ngram_order = o.value("max_ngram_order", 4);
  return opt;
}

std::unique_ptr<m::Metric> make_metric(const json& c) {
  const json& o = c.at("options");
  const std::string metric = c.at("metric");
  if (metric == "BLEU" || metric == "BLEU_stats") return std::make_unique<m::Bleu>(bleu_options(o));
  if (metric == "chrF") {
    m::ChrfOptions opt;
    opt.char_order = o.value("char_order", 6);
    opt.word_order = o.value("word_order", 0);
    opt.beta = o.value("beta", 2);
    opt.eps_smoothing = o.value("eps_smoothing", false);
    opt.whitespace = !o.value("remove_whitespace", true);
    return std::make_unique<m::Chrf>(opt);
  }
  m::TerOptions opt;
  opt.normalized = o.value("normalized", false);
  opt.no_punct = o.value("no_punct", false);
  opt.asian_support = o.value("asian_support", false);
  opt.case_sensitive = o.value("case_sensitive", false);
  return std::make_unique<m::Ter>(opt);
}

}  // namespace

TEST(SacrebleuCases, AllEightyNineMatchSacrebleu) {
  const auto cases = load_cases();
  ASSERT_EQ(cases.size(), 89u);
  int checked = 0;
  for (size_t idx = 0; idx < cases.size(); ++idx) {
    const json& c = cases[idx];
    const std::string metric = c.at("metric");
    SCOPED_TRACE("case " + std::to_string(idx + 1) + " (" + c.at("source").get<std::string>() + ")");
    ASSERT_TRUE(c.at("verified_with_sacrebleu_2.6.0").get<bool>());
    if (metric == "TER_tokenizer") {
      const json& o = c.at("options");
      m::TercomOptions opt;
      opt.normalized = o.value("normalized", false);
      opt.no_punct = o.value("no_punct", false);
      opt.asian_support = o.value("asian_support", false);
      opt.case_sensitive = o.value("case_sensitive", false);
      EXPECT_EQ(m::tokenize_tercom(c["hyps"][0].get<std::string>(), opt), c.at("sacrebleu_2.6.0_got").get<std::string>());
    } else if (metric == "BLEU_from_stats") {
      const json& s = c.at("stats");
      const m::BleuOptions opt = bleu_options(c.at("options"));
      const auto r = m::compute_bleu(s["common"].get<std::vector<double>>(), s["total"].get<std::vector<double>>(),
                                     s["sys_len"].get<double>(), s["ref_len"].get<double>(), opt.smooth,
                                     opt.smooth_value, opt.effective_order, opt.max_ngram_order);
      EXPECT_NEAR(r.score, c.at("sacrebleu_2.6.0_got").get<double>(), 1e-9);
    } else {
      auto metric_obj = make_metric(c);
      metric_obj->cache_references(refs_of(c), 1);
      const auto hyps = hyps_of(c);
      const auto stats = m::corpus_statistics(*metric_obj, hyps, 1);
      const auto total = m::sum_statistics(stats, metric_obj->num_stats());
      if (metric == "BLEU_stats") {
        const auto common = c["expected"]["common"].get<std::vector<double>>();
        const auto tot = c["expected"]["total"].get<std::vector<double>>();
        for (size_t n = 0; n < common.size(); ++n) {
          EXPECT_EQ(total[2 + n], common[n]) << "order " << n + 1;
          EXPECT_EQ(total[2 + common.size() + n], tot[n]) << "order " << n + 1;
        }
      } else {
        EXPECT_NEAR(metric_obj->score(total.data()).score, c.at("sacrebleu_2.6.0_got").get<double>(), 1e-9);
      }
    }
    ++checked;
  }
  EXPECT_EQ(checked, 89);
}
