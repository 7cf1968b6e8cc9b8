// fast_align's IBM Model 2 (lib/align/ibm2, diagonal_prior, bitext): the prior's closed forms
// against brute force, EM on hand-made corpora whose alignment is obvious, the likelihood
// over iterations, reverse mode's link order, empty sides, tension fitting (fast_align's steps
// and the exact gradient's).
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "align/bitext.h"
#include "align/diagonal_prior.h"
#include "align/ibm2.h"
#include "align/pair_reader.h"
#include "base/error.h"
#include "text/utf8.h"

namespace tolmach {
namespace {

Bitext make_bitext(const std::vector<std::string>& lines) {
  Bitext b;
  for (const std::string& line : lines) {
    std::string_view l, r;
    if (!split_pair_line(line, l, r)) throw std::invalid_argument(line);
    b.add(l, r);
  }
  return b;
}

// German words in English order except where a line says otherwise; every word seen in
// several contexts so that EM can tell them apart.
const std::vector<std::string> kToy = {
    "the house ||| das haus",       "the book ||| das buch",       "a book ||| ein buch",
    "a house ||| ein haus",         "the small house ||| das kleine haus", "a small book ||| ein kleines buch",
    "the book ||| buch das",        "my house ||| mein haus",       "my book ||| mein buch",
};

std::string pharaoh(const Links& links) { return format_pharaoh(links); }

// --- the prior ------------------------------------------------------------------------------

double brute_z(int j, int m, int n, double lambda) {
  double z = 0;
  for (int i = 1; i <= n; ++i) z += std::exp(lambda * -std::fabs(double(i) / n - double(j) / m));
  return z;
}

TEST(Ibm2DiagonalPrior, NormalizerMatchesBruteForceSum) {
  for (double lambda : {1e-9, 0.1, 1.0, 4.0, 14.0, 60.0})
    for (int m : {1, 2, 3, 7, 20, 51})
      for (int n : {1, 2, 5, 13, 40})
        for (int j = 1; j <= m; ++j) {
          const double want = brute_z(j, m, n, lambda);
          EXPECT_NEAR(ibm2::diagonal_normalizer(j, m, n, lambda), want, 1e-11 * want)
              << "j=" << j << " m=" << m << " n=" << n << " lambda=" << lambda;
        }
}

TEST(Ibm2DiagonalPrior, RowIsExpOfTensionTimesFeature) {
  std::vector<double> w(41);
  for (double lambda : {0.5, 4.0, 14.0})
    for (int m : {3, 9, 31})
      for (int n : {1, 4, 17, 40})
        for (int j = 1; j <= m; ++j) {
          const double z = ibm2::diagonal_row(j, m, n, lambda, w.data());
          EXPECT_NEAR(z, brute_z(j, m, n, lambda), 1e-12 * z);
          for (int i = 1; i <= n; ++i)
            ASSERT_NEAR(w[i], std::exp(lambda * ibm2::diagonal_feature(j, i, m, n)), 1e-13)
                << "i=" << i << " j=" << j << " m=" << m << " n=" << n;
        }
}

TEST(Ibm2DiagonalPrior, ExpectedFeatureIsDerivativeOfLogZ) {
  for (double lambda : {0.1, 2.0, 4.0, 13.0})
    for (int m : {2, 8, 25})
      for (int n : {1, 6, 19})
        for (int j = 1; j <= m; ++j) {
          const double h = 1e-5;
          const double fd = (std::log(brute_z(j, m, n, lambda + h)) - std::log(brute_z(j, m, n, lambda - h))) / (2 * h);
          EXPECT_NEAR(ibm2::diagonal_expected_feature(j, m, n, lambda), fd, 1e-7)
              << "j=" << j << " m=" << m << " n=" << n << " lambda=" << lambda;
        }
}

// fast_align's dlogZ (da.h ComputeDLogZ), by brute force from its definition: the row's sum of
// h * exp(lambda h) over the normaliser of the transposed shape, whose upper run never ends
// when j > n (an unsigned count wrapping round).
double brute_fast_align_dlogz(int j, int m, int n, double lambda) {
  double hz = 0;
  for (int i = 1; i <= n; ++i) {
    const double h = -std::fabs(double(i) / n - double(j) / m);
    hz += h * std::exp(lambda * h);
  }
  const int last = j <= n ? m : 500 * m;  // beyond: below e^-40 of the sum for lambda >= 0.1
  double z = 0;
  for (int i = 1; i <= last; ++i) z += std::exp(lambda * -std::fabs(double(i) / m - double(j) / n));
  return hz / z;
}

TEST(Ibm2DiagonalPrior, FastAlignExpectedFeatureAsItsCodeHasIt) {
  for (double lambda : {0.1, 2.0, 4.0, 7.5, 14.0})
    for (int m : {1, 2, 5, 8, 25, 40})
      for (int n : {1, 3, 6, 19, 33})
        for (int j = 1; j <= m; ++j) {
          const double want = brute_fast_align_dlogz(j, m, n, lambda);
          EXPECT_NEAR(ibm2::fast_align_expected_feature(j, m, n, lambda), want, 1e-10 * std::fabs(want) + 1e-14)
              << "j=" << j << " m=" << m << " n=" << n << " lambda=" << lambda;
        }
  // fast_align's Z, rounded its way, is still Z.
  for (double lambda : {0.1, 4.0, 14.0})
    for (int m : {1, 7, 30})
      for (int n : {1, 6, 19})
        for (int j = 1; j <= m; ++j)
          EXPECT_NEAR(ibm2::fast_align_normalizer(j, m, n, lambda), brute_z(j, m, n, lambda), 1e-11 * brute_z(j, m, n, lambda));
  // Where m = n the transposed shape is the same one: the true dlogZ.
  for (int n : {1, 4, 17})
    for (int j = 1; j <= n; ++j)
      EXPECT_NEAR(ibm2::fast_align_expected_feature(j, n, n, 4.0), ibm2::diagonal_expected_feature(j, n, n, 4.0), 1e-12);
}

TEST(Ibm2, Digamma) {
  const double euler = 0.57721566490153286;
  EXPECT_NEAR(ibm2::digamma(1.0), -euler, 1e-12);
  EXPECT_NEAR(ibm2::digamma(0.5), -euler - 2 * std::log(2.0), 1e-12);
  EXPECT_NEAR(ibm2::digamma(0.01), -100.56088545786867, 1e-9);
  EXPECT_NEAR(ibm2::digamma(10.0), 2.2517525890667211, 1e-12);
}

// --- reading ----------------------------------------------------------------------------

TEST(Ibm2Bitext, SplitsAtTripleBarWordOrTab) {
  std::string_view l, r;
  ASSERT_TRUE(split_pair_line("a b ||| c", l, r));
  EXPECT_EQ(l, "a b ");
  EXPECT_EQ(r, " c");
  ASSERT_TRUE(split_pair_line("a|||b ||| c", l, r));  // "|||" inside a word is a word
  EXPECT_EQ(l, "a|||b ");
  ASSERT_TRUE(split_pair_line("a b\tc d", l, r));
  EXPECT_EQ(l, "a b");
  EXPECT_EQ(r, "c d");
  ASSERT_TRUE(split_pair_line("||| c", l, r));
  EXPECT_EQ(l, "");
  ASSERT_TRUE(split_pair_line("a |||", l, r));
  EXPECT_EQ(r, "");
  EXPECT_FALSE(split_pair_line("a b c", l, r));
  EXPECT_FALSE(split_pair_line("a|||b", l, r));
  EXPECT_FALSE(split_pair_line("", l, r));
}

TEST(Ibm2Bitext, WordsToDenseIdsPerSide) {
  const Bitext b = make_bitext({"a b  a ||| x", "b\tc ||| x y"});
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b.left_vocab_size(), 3);
  EXPECT_EQ(b.right_vocab_size(), 2);
  const WordSpan s = b.left(0);
  ASSERT_EQ(s.size(), 3);
  EXPECT_EQ(s[0], s[2]);
  EXPECT_NE(s[0], s[1]);
  EXPECT_EQ(b.left(1)[0], s[1]);
  EXPECT_EQ(b.right(1).size(), 2);
}

TEST(Ibm2Bitext, ReadErrorNamesFileAndLine) {
  std::istringstream in("a ||| b\nc\td\nno separator here\n");
  PairReader reader(in, "corpus.txt");
  Bitext b;
  try {
    read_bitext(reader, b);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "corpus.txt");
    EXPECT_EQ(e.line(), 3u);
  }
}

// --- EM ---------------------------------------------------------------------------------

TEST(Ibm2, Model1FindsTheObviousAlignment) {
  const Bitext b = make_bitext(kToy);
  Ibm2Options o;
  o.iterations = 10;
  Ibm2 model(b, o);
  const std::vector<Links> links = model.train_and_align();
  ASSERT_EQ(links.size(), kToy.size());
  EXPECT_EQ(pharaoh(links[0]), "0-0 1-1");
  EXPECT_EQ(pharaoh(links[4]), "0-0 1-1 2-2");
  EXPECT_EQ(pharaoh(links[5]), "0-0 1-1 2-2");
  EXPECT_EQ(pharaoh(links[6]), "0-1 1-0");  // Model 1 has no idea of order
  EXPECT_EQ(pharaoh(links[8]), "0-0 1-1");
}

TEST(Ibm2, DiagonalVariationalBayesFindsTheObviousAlignment) {
  const Bitext b = make_bitext(kToy);
  Ibm2Options o;
  o.favor_diagonal = o.optimize_tension = o.variational_bayes = true;
  o.iterations = 10;
  Ibm2 model(b, o);
  const std::vector<Links> links = model.train_and_align();
  EXPECT_EQ(pharaoh(links[0]), "0-0 1-1");
  EXPECT_EQ(pharaoh(links[4]), "0-0 1-1 2-2");
  EXPECT_EQ(pharaoh(links[5]), "0-0 1-1 2-2");
}

std::vector<double> likelihoods(const Ibm2Options& o, int passes) {
  const Bitext b = make_bitext(kToy);
  Ibm2 model(b, o);
  std::vector<double> ll;
  for (int i = 0; i < passes; ++i) ll.push_back(model.em_iteration().log_likelihood);
  Ibm2Stats last;
  model.align_all(&last);
  ll.push_back(last.log_likelihood);
  return ll;
}

TEST(Ibm2, LikelihoodNeverDecreasesUnderEm) {
  Ibm2Options model1, diagonal;
  diagonal.favor_diagonal = true;
  diagonal.tension = 2.5;
  for (const Ibm2Options& o : {model1, diagonal}) {
    const std::vector<double> ll = likelihoods(o, 12);
    EXPECT_GT(ll.back(), ll.front() + 1.0);  // it learns something
    for (size_t i = 1; i < ll.size(); ++i) EXPECT_GE(ll[i], ll[i - 1] - 1e-9) << "pass " << i + 1;
  }
}

TEST(Ibm2, ReverseWritesLeftRightOrder) {
  std::vector<std::string> lines = kToy;
  lines.push_back("the small house ||| haus");
  const Bitext b = make_bitext(lines);
  Ibm2Options o;
  o.reverse = true;
  o.iterations = 10;
  Ibm2 model(b, o);
  const std::vector<Links> links = model.train_and_align();
  EXPECT_EQ(pharaoh(links[6]), "0-1 1-0");
  // Each left word links to at most one right word: left positions 0..2, right position 0.
  const Links& last = links.back();
  ASSERT_FALSE(last.empty());
  EXPECT_EQ(last.back(), (Link{2, 0}));
  for (const Link& l : last) EXPECT_EQ(l.target, 0);
}

TEST(Ibm2, EmptySideGivesNoLinksAndLeavesOthersAlone) {
  std::vector<std::string> lines = kToy;
  lines.insert(lines.begin() + 2, "||| das haus");
  lines.insert(lines.begin() + 4, "the house |||");
  const Bitext b = make_bitext(lines);
  for (bool reverse : {false, true}) {
    Ibm2Options o;
    o.reverse = reverse;
    o.favor_diagonal = true;
    o.iterations = 10;
    Ibm2 model(b, o);
    Ibm2Stats stats;
    const std::vector<Links> links = model.train_and_align([&](const Ibm2Stats& s) { stats = s; });
    ASSERT_EQ(links.size(), lines.size());
    EXPECT_TRUE(links[2].empty());
    EXPECT_TRUE(links[4].empty());
    EXPECT_EQ(pharaoh(links[0]), "0-0 1-1");
    EXPECT_EQ(pharaoh(links[6]), "0-0 1-1 2-2");  // "the small house", shifted by two lines
    EXPECT_EQ(stats.tokens, 20);  // the words of the two empty-sided pairs are not scored
  }
}

// Tension fitting: from a weak start it rises on a monotone corpus and falls where word order
// is reversed (a strong start would lock the reversed corpus into diagonal links).
struct TensionCorpora {
  std::vector<std::string> monotone, inverted;
  TensionCorpora() {
    const std::vector<std::string> l = {"a", "b", "c", "d", "e", "f", "g"};
    const std::vector<std::string> r = {"A", "B", "C", "D", "E", "F", "G"};
    for (int s = 0; s < 7; ++s)
      for (int len = 3; len <= 6; ++len) {
        std::string left, right, backwards;
        for (int k = 0; k < len; ++k) {
          left += l[(s + k) % 7] + " ";
          right += " " + r[(s + k) % 7];
          backwards = " " + r[(s + k) % 7] + backwards;
        }
        monotone.push_back(left + "|||" + right);
        inverted.push_back(left + "|||" + backwards);
      }
  }
};

std::pair<double, double> fitted_tensions(bool exact) {
  const TensionCorpora c;
  Ibm2Options o;
  o.favor_diagonal = o.optimize_tension = true;
  o.exact_tension_gradient = exact;
  o.tension = 1.0;
  o.iterations = 10;
  const Bitext bm = make_bitext(c.monotone), bi = make_bitext(c.inverted);
  Ibm2 up(bm, o), down(bi, o);
  up.train_and_align();
  down.train_and_align();
  return {up.tension(), down.tension()};
}

TEST(Ibm2, ExactTensionGradientFollowsTheData) {
  const auto [up, down] = fitted_tensions(true);
  EXPECT_GT(up, 4.0);
  EXPECT_LT(down, 1.0);
}

// fast_align's own steps: on these short sentences its 0-based empirical feature (a whole 1/m
// off) holds the monotone corpus's tension down, but the direction is still the data's.
// fast_align -d -o -T 1 -I 10 on the same two corpora logs final tensions 1.98052 and 0.1.
TEST(Ibm2, DefaultTensionStepsAreFastAligns) {
  const auto [up, down] = fitted_tensions(false);
  EXPECT_NEAR(up, 1.98052, 1e-5);
  EXPECT_EQ(down, 0.1);
}

TEST(Ibm2, RejectsBadOptions) {
  const Bitext b = make_bitext(kToy);
  Ibm2Options o;
  o.p0 = 1.0;
  EXPECT_THROW(Ibm2(b, o), std::invalid_argument);
  o = {};
  o.iterations = 0;
  EXPECT_THROW(Ibm2(b, o), std::invalid_argument);
}

}  // namespace
}  // namespace tolmach
