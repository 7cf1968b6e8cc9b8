// Tokenizer and string details that sacreBLEU inherits from Python and its regexes.
#include <gtest/gtest.h>

#include "metrics/chrf.h"
#include "metrics/text.h"
#include "metrics/tokenize.h"

namespace m = tolmach::metrics;

TEST(BleuTokenize, Mteval13a) {
  EXPECT_EQ(m::tokenize_13a("Hello, world!"), "Hello , world !");
  // Periods and commas stay inside numbers; a final period after a digit is split.
  EXPECT_EQ(m::tokenize_13a("It costs 3.14 or 1,000."), "It costs 3.14 or 1,000 .");
  EXPECT_EQ(m::tokenize_13a("&quot;quoted&quot; &amp; 1990-2000"), "\" quoted \" & 1990 - 2000");
  EXPECT_EQ(m::tokenize_13a("don't"), "don't");  // apostrophe is not in 13a's class
}

TEST(BleuTokenize, ChineseSplitsCjkAndKeepsSacrebleusRangeQuirk) {
  EXPECT_EQ(m::tokenize_zh("我爱你。"), "我 爱 你 。");
  // sacreBLEU writes one range bound as '\u20000' (U+2000 then '0'), so U+2001..U+2A6D, e.g.
  // the en dash, count as Chinese characters and are split off.
  EXPECT_EQ(m::tokenize_zh("a\u2013b"), "a \u2013 b");
  // U+2000 itself is outside, but it is whitespace to Python and splits the word anyway.
  EXPECT_EQ(m::tokenize_zh("a\u2000b"), "a b");
  EXPECT_EQ(m::tokenize_zh("a\u00b7b"), "a\u00b7b");  // U+00B7 is not in any range
}

TEST(BleuTokenize, InternationalUsesUnicodeCategories) {
  EXPECT_EQ(m::tokenize_intl("costs \u20ac5, ok?"), "costs \u20ac 5 , ok ?");
  EXPECT_EQ(m::tokenize_intl("3.14"), "3.14");  // punctuation between digits stays
  EXPECT_EQ(m::tokenize_intl("\u00bfQu\u00e9?"), "\u00bf Qu\u00e9 ?");
}

TEST(BleuTokenize, CharacterTokensSkipWhitespace) {
  EXPECT_EQ(m::tokenize_char("ab c\u00e9"), "a b c \u00e9");
}

TEST(PythonStrings, WhitespaceIsStrIsspace) {
  // NBSP and ideographic space split words; BOM and zero-width space do not.
  EXPECT_EQ(m::squeeze_ws("a\u00a0b\u3000c\td"), "a b c d");
  EXPECT_EQ(m::split_ws("\ufeffa\u200bb").size(), 1u);
  EXPECT_EQ(m::rstrip_ws("x \u00a0\r"), "x");
  EXPECT_EQ(m::strip_ws("\u2003x\u2003"), "x");
}

TEST(PythonStrings, LowerIsFullUnicodeLowercasing) {
  EXPECT_EQ(m::py_lower("\u00c4RGER \u0130"), "\u00e4rger i\u0307");
  EXPECT_EQ(m::py_lower("ABC"), "abc");
}

TEST(Chrf, WordSplittingAsSacrebleu) {
  // A trailing mark is split first, so "(hi)" gives "(hi" and ")" (sacreBLEU issue #124).
  EXPECT_EQ(m::chrf_words("(hi) Hello, a ."),
            (std::vector<std::string>{"(hi", ")", "Hello", ",", "a", "."}));
}

TEST(TercomTokenize, NormalisesAndRemovesPunctuation) {
  m::TercomOptions o;
  o.normalized = true;
  EXPECT_EQ(m::tokenize_tercom("Jim's car.", o), "jim 's car .");
  o.no_punct = true;
  EXPECT_EQ(m::tokenize_tercom("Hello, (world)!", o), "hello world");
}
