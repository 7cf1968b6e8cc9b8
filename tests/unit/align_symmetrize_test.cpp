// Symmetrisation heuristics (atools -c) on hand-made alignments, each answer derived by hand
// from atools' rules (see align/symmetrize.h); the file-level combine and its errors.
#include <gtest/gtest.h>

#include <sstream>

#include "align/combine.h"
#include "align/symmetrize.h"
#include "base/error.h"

using namespace tolmach;

namespace {

Links L(const std::string& s) { return parse_pharaoh(s); }
std::string sym(const std::string& f, const std::string& r, Heuristic h) {
  return format_pharaoh(symmetrize(L(f), L(r), h));
}

}  // namespace

// Intersection {0-0}; union adds 0-1, 1-0, 1-1, tried in that order. 0-1 (target 1 free) and
// 1-0 (source 1 free) join next to 0-0; then 1-1 has both its words aligned and stays out.
TEST(AlignSymmetrize, LinkAddedEarlyInAPassBlocksALaterOne) {
  const std::string f = "0-0 0-1 1-1", r = "0-0 1-0";
  EXPECT_EQ(sym(f, r, Heuristic::kIntersect), "0-0");
  EXPECT_EQ(sym(f, r, Heuristic::kUnion), "0-0 0-1 1-0 1-1");
  EXPECT_EQ(sym(f, r, Heuristic::kGrowDiag), "0-0 0-1 1-0");
  EXPECT_EQ(sym(f, r, Heuristic::kGrowDiagFinal), "0-0 0-1 1-0");
  EXPECT_EQ(sym(f, r, Heuristic::kGrowDiagFinalAnd), "0-0 0-1 1-0");
}

// Intersection {3-3}. Pass 1: 2-2 (diagonal to 3-3) joins; 1-1 is not yet next to anything.
// Pass 2: 1-1 joins next to 2-2. 0-5, 4-6, 4-7 never touch the grown links. final: forward's
// 0-5 and 4-6 cover free words, then reverse's 4-7 (target 7 free). final-and: 4-7 stays out
// because source 4 is aligned by forward's 4-6, which comes first.
TEST(AlignSymmetrize, GrowsOverSeveralPassesThenFinal) {
  const std::string f = "1-1 2-2 3-3 4-6 0-5", r = "3-3 4-7";
  EXPECT_EQ(sym(f, r, Heuristic::kIntersect), "3-3");
  EXPECT_EQ(sym(f, r, Heuristic::kUnion), "0-5 1-1 2-2 3-3 4-6 4-7");
  EXPECT_EQ(sym(f, r, Heuristic::kGrowDiag), "1-1 2-2 3-3");
  EXPECT_EQ(sym(f, r, Heuristic::kGrowDiagFinal), "0-5 1-1 2-2 3-3 4-6 4-7");
  EXPECT_EQ(sym(f, r, Heuristic::kGrowDiagFinalAnd), "0-5 1-1 2-2 3-3 4-6");
  // Forward's links go first in the final step: swapped, 4-7 wins over 4-6.
  EXPECT_EQ(sym(r, f, Heuristic::kGrowDiagFinalAnd), "0-5 1-1 2-2 3-3 4-7");
  EXPECT_EQ(sym(r, f, Heuristic::kGrowDiagFinal), "0-5 1-1 2-2 3-3 4-6 4-7");
}

// A link two cells away is no neighbour; all 8 surrounding cells are.
TEST(AlignSymmetrize, NeighboursAreTheEightSurroundingCells) {
  for (const char* n : {"0-0", "0-1", "0-2", "1-0", "1-2", "2-0", "2-1", "2-2"})
    EXPECT_EQ(sym(std::string("1-1 ") + n, "1-1", Heuristic::kGrowDiag), format_pharaoh(L(std::string("1-1 ") + n)))
        << n;
  EXPECT_EQ(sym("1-1 3-1", "1-1", Heuristic::kGrowDiag), "1-1");
  EXPECT_EQ(sym("1-1 1-3", "1-1", Heuristic::kGrowDiag), "1-1");
}

// A union link between two words already aligned elsewhere stays out even next to the grid.
TEST(AlignSymmetrize, GrowNeedsAnUnalignedWord) {
  EXPECT_EQ(sym("0-0 1-1 0-1", "0-0 1-1", Heuristic::kGrowDiag), "0-0 1-1");
  EXPECT_EQ(sym("0-0 1-1 0-1", "0-0 1-1", Heuristic::kGrowDiagFinal), "0-0 1-1");
}

TEST(AlignSymmetrize, EmptyAndOneSided) {
  EXPECT_EQ(sym("", "", Heuristic::kGrowDiagFinalAnd), "");
  EXPECT_EQ(sym("", "1-1", Heuristic::kIntersect), "");
  EXPECT_EQ(sym("", "1-1", Heuristic::kUnion), "1-1");
  EXPECT_EQ(sym("", "1-1", Heuristic::kGrowDiag), "");  // nothing to grow from
  EXPECT_EQ(sym("", "1-1 1-2", Heuristic::kGrowDiagFinal), "1-1 1-2");
  EXPECT_EQ(sym("", "1-1 1-2", Heuristic::kGrowDiagFinalAnd), "1-1");
}

TEST(AlignSymmetrize, UnsortedInputWithDuplicates) {
  EXPECT_EQ(format_pharaoh(symmetrize({{1, 1}, {0, 0}, {1, 1}}, {{0, 0}, {1, 1}}, Heuristic::kIntersect)), "0-0 1-1");
}

TEST(AlignSymmetrize, Invert) {
  EXPECT_EQ(format_pharaoh(inverted(L("0-1 2-0 1-1"))), "0-2 1-0 1-1");
  EXPECT_EQ(format_pharaoh(inverted({})), "");
}

TEST(AlignSymmetrize, HeuristicNames) {
  for (Heuristic h : {Heuristic::kIntersect, Heuristic::kUnion, Heuristic::kGrowDiag, Heuristic::kGrowDiagFinal,
                      Heuristic::kGrowDiagFinalAnd})
    EXPECT_EQ(parse_heuristic(heuristic_name(h)), h);
  EXPECT_EQ(parse_heuristic("grow-diag-final-and"), Heuristic::kGrowDiagFinalAnd);
  EXPECT_EQ(parse_heuristic("grow_diag_final_and"), Heuristic::kGrowDiagFinalAnd);
  EXPECT_EQ(parse_heuristic("grow_diag"), Heuristic::kGrowDiag);
  for (const char* bad : {"grow-diag-finale", "invert", "", "GROW-DIAG"}) {
    try {
      parse_heuristic(bad);
      ADD_FAILURE() << bad << " accepted";
    } catch (const UsageError& e) {
      EXPECT_NE(std::string(e.what()).find("grow-diag-final-and"), std::string::npos) << e.what();
    }
  }
}

TEST(AlignCombineLines, OneOutputLinePerPair) {
  std::istringstream f("0-0 1-1\n\n0-1\n"), r("0-0\n0-0\n1-0");  // last line without '\n'
  LineReader fr(f, "fwd"), rr(r, "rev");
  std::ostringstream out;
  combine_lines(fr, rr, Heuristic::kUnion, out);
  EXPECT_EQ(out.str(), "0-0 1-1\n0-0\n0-1 1-0\n");
  std::istringstream i("0-1 2-0\n\n");
  LineReader ir(i, "in");
  std::ostringstream inv;
  invert_lines(ir, inv);
  EXPECT_EQ(inv.str(), "0-2 1-0\n\n");
}

TEST(AlignCombineLines, ErrorsNameFileAndLine) {
  auto error = [](const std::string& fwd, const std::string& rev) -> std::string {
    std::istringstream f(fwd), r(rev);
    LineReader fr(f, "fwd.al"), rr(r, "rev.al");
    std::ostringstream out;
    try {
      combine_lines(fr, rr, Heuristic::kGrowDiag, out);
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_EQ(error("0-0\n0-0\n", "0-0\n"), "rev.al:1: ends here but fwd.al has more lines (one line per sentence in each)");
  EXPECT_EQ(error("0-0\n", "0-0\n\n"), "fwd.al:1: ends here but rev.al has more lines (one line per sentence in each)");
  EXPECT_EQ(error("", "0-0\n"), "fwd.al: ends here but rev.al has more lines (one line per sentence in each)");
  EXPECT_EQ(error("0-0\n0-0 1-1\n", "0-0\n0-0 11\n"), "rev.al:2: bad link '11' (want I-J, 0-based word positions)");
  EXPECT_EQ(error("0-0\n0-0 1-x\n", "0-0\n0-0\n"), "fwd.al:2: bad link '1-x' (want I-J, 0-based word positions)");
}
