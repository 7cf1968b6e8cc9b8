// n-best lines in marian-decoder's Moses format.
#include "search/nbest_format.h"

#include <gtest/gtest.h>

namespace tolmach {
namespace {

Hypothesis scored(float score, float normalized) {
  Hypothesis h;
  h.score = score;
  h.normalized = normalized;
  return h;
}

TEST(SearchNBestFormat, MatchesMarian) {
  EXPECT_EQ(nbest_line(0, "ein Haus", scored(-1.23f, -0.45f)),
            "0 ||| ein Haus ||| F0= -1.23 ||| -0.45");
  // Six significant digits, as a default C++ stream prints Marian's floats.
  EXPECT_EQ(nbest_line(12, "x", scored(-4.5852532f, -2.f)), "12 ||| x ||| F0= -4.58525 ||| -2");
  EXPECT_EQ(nbest_line(3, "", scored(-0.5f, -0.5f)), "3 |||  ||| F0= -0.5 ||| -0.5");
}

TEST(SearchNBestFormat, AlignmentGoesBetweenTextAndScores) {
  EXPECT_EQ(nbest_line(1, "a b", scored(-2.f, -1.f), "0-0 1-1"),
            "1 ||| a b ||| 0-0 1-1 ||| F0= -2 ||| -1");
  // A hypothesis without links keeps the (empty) field: scripts splitting on ||| see 5 columns.
  EXPECT_EQ(nbest_line(2, "a", scored(-1.f, -1.f), ""), "2 ||| a |||  ||| F0= -1 ||| -1");
}

}  // namespace
}  // namespace tolmach
