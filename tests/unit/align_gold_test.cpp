// Gold (.talp) parsing and AER / precision / recall on hand-computed cases.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "align/aer.h"
#include "align/gold.h"
#include "base/error.h"

using namespace tolmach;

TEST(AlignGold, SureAndPossibleLinks) {
  const GoldLinks g = parse_gold("1-1 2p3  3-2\t1p1\r", true);
  EXPECT_EQ(format_pharaoh(g.sure), "0-0 2-1");
  EXPECT_EQ(format_pharaoh(g.possible), "0-0 1-2 2-1");  // P includes S; 1p1 repeats 1-1
  const GoldLinks z = parse_gold("0-0 0p1", false);
  EXPECT_EQ(format_pharaoh(z.sure), "0-0");
  EXPECT_EQ(format_pharaoh(z.possible), "0-0 0-1");
  EXPECT_TRUE(parse_gold("", true).possible.empty());
}

TEST(AlignGold, BadTokens) {
  for (const char* bad : {"1x2", "12", "1-", "-1", "p", "1p", "a-1", "1-2-3", "1--2"})
    EXPECT_THROW(parse_gold(bad, false), std::invalid_argument) << bad;
  EXPECT_THROW(parse_gold("1-1 0-2", true), std::invalid_argument);  // no word 0 when counting from 1
  EXPECT_NO_THROW(parse_gold("1-1 0-2", false));
  try {
    parse_gold("1-1 2q3", true);
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "bad link '2q3' (want I-J (sure) or IpJ (possible))");
  }
}

// S = {0-0, 1-1}, P = S + {1-2, 2-2}; A = {0-0, 1-2, 2-1}:
// |A|=3, |A∩S|=1, |A∩P|=2 -> precision 2/3, recall 1/2, AER = 1 - (1+2)/(3+2) = 0.4.
TEST(AlignAer, OneSentence) {
  const AerCounts c = count_links(parse_pharaoh("2-1 0-0 1-2"), parse_gold("1-1 2-2 2p3 3p3", true));
  EXPECT_EQ(c.sentences, 1);
  EXPECT_EQ(c.hyp, 3);
  EXPECT_EQ(c.sure, 2);
  EXPECT_EQ(c.possible, 4);
  EXPECT_EQ(c.hyp_sure, 1);
  EXPECT_EQ(c.hyp_possible, 2);
  EXPECT_DOUBLE_EQ(c.precision(), 2.0 / 3);
  EXPECT_DOUBLE_EQ(c.recall(), 0.5);
  EXPECT_DOUBLE_EQ(c.aer(), 0.4);
}

// With a second, perfect sentence (S = A = {0-0}) the corpus sums the counts: A=4, S=3,
// A∩S=2, A∩P=3 -> AER = 1 - 5/7 (the mean of the sentence AERs would be 0.2).
TEST(AlignAer, CorpusSumsCounts) {
  std::istringstream gold("1-1 2-2 2p3 3p3\n1-1\n"), hyp("0-0 1-2 2-1\n0-0\n");
  LineReader g(gold, "gold"), h(hyp, "hyp");
  std::vector<AerCounts> per_sentence;
  const AerCounts c = evaluate_lines(g, h, {true, false}, &per_sentence);
  ASSERT_EQ(per_sentence.size(), 2u);
  EXPECT_DOUBLE_EQ(per_sentence[1].aer(), 0.0);
  EXPECT_EQ(c.sentences, 2);
  EXPECT_DOUBLE_EQ(c.precision(), 0.75);
  EXPECT_DOUBLE_EQ(c.recall(), 2.0 / 3);
  EXPECT_DOUBLE_EQ(c.aer(), 2.0 / 7);
  EXPECT_EQ(format_aer(c, false), "AER = 28.57\nprecision = 75.00\nrecall = 66.67\n");
  const auto j = nlohmann::json::parse(format_aer(c, true));
  EXPECT_EQ(j["name"], "AER");
  EXPECT_DOUBLE_EQ(j["score"].get<double>(), 28.57);
  EXPECT_DOUBLE_EQ(j["precision"].get<double>(), 75.0);
  EXPECT_DOUBLE_EQ(j["recall"].get<double>(), 66.67);
  EXPECT_EQ(j["links"], 4);
  EXPECT_EQ(j["sure"], 3);
  EXPECT_EQ(j["links_possible"], 3);
}

// --reverse-hyp: a target-source hypothesis is swapped before scoring.
TEST(AlignAer, ReverseHypothesis) {
  std::istringstream gold("0-1 1p0\n"), hyp("1-0 0-1\n");
  LineReader g(gold, "gold"), h(hyp, "hyp");
  const AerCounts c = evaluate_lines(g, h, {false, true});
  EXPECT_EQ(c.hyp_sure, 1);
  EXPECT_EQ(c.hyp_possible, 2);
  EXPECT_DOUBLE_EQ(c.aer(), 0.0);
}

TEST(AlignAer, UndefinedRatesAreNaN) {
  const AerCounts c = count_links({}, parse_gold("1-1", true));
  EXPECT_TRUE(std::isnan(c.precision()));
  EXPECT_DOUBLE_EQ(c.recall(), 0.0);
  EXPECT_DOUBLE_EQ(c.aer(), 1.0);
  EXPECT_EQ(format_aer(c, false), "AER = 100.00\nprecision = n/a\nrecall = 0.00\n");
  EXPECT_TRUE(nlohmann::json::parse(format_aer(c, true))["precision"].is_null());
  EXPECT_TRUE(std::isnan(count_links({}, parse_gold("", true)).aer()));
}

TEST(AlignAer, ErrorsNameFileAndLine) {
  auto error = [](const std::string& gold, const std::string& hyp, bool one_based) -> std::string {
    std::istringstream gs(gold), hs(hyp);
    LineReader g(gs, "dev.talp"), h(hs, "hyp.al");
    try {
      evaluate_lines(g, h, {one_based, false});
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_EQ(error("1-1\n1-1\n", "0-0\n", true), "hyp.al:1: ends here but dev.talp has more lines (one line per sentence in each)");
  EXPECT_EQ(error("1-1\n2p2 0-1\n", "0-0\n0-0\n", true), "dev.talp:2: bad link '0-1': position 0 in a 1-based file");
  EXPECT_EQ(error("1-1\n1-1\n", "0-0\n0p0\n", true), "hyp.al:2: bad link '0p0' (want I-J, 0-based word positions)");
  EXPECT_EQ(error("1-1\n", "0-0\n", true), "no error");
}
