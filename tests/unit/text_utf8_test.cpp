// UTF-8 validation (RFC 3629 / Unicode ch. 3 table 3-7) and the line reader.
#include <gtest/gtest.h>

#include <sstream>

#include "io/error.h"
#include "text/utf8.h"

using namespace tolmach;

TEST(Utf8, AcceptsWellFormed) {
  EXPECT_EQ(find_invalid_utf8(""), std::string_view::npos);
  EXPECT_EQ(find_invalid_utf8("plain ascii"), std::string_view::npos);
  EXPECT_EQ(find_invalid_utf8("Grüße, 東京, \xf0\x9f\x98\x80, \xf4\x8f\xbf\xbf"), std::string_view::npos);
}

TEST(Utf8, FindsFirstInvalidByte) {
  EXPECT_EQ(find_invalid_utf8("ab\xff"), 2u);
  EXPECT_EQ(find_invalid_utf8("a\xc0\xaf"), 1u);             // overlong '/'
  EXPECT_EQ(find_invalid_utf8("\xed\xa0\x80"), 0u);          // surrogate D800
  EXPECT_EQ(find_invalid_utf8("x\xf4\x90\x80\x80"), 1u);     // above U+10FFFF
  EXPECT_EQ(find_invalid_utf8("ok \xe2\x82"), 3u);           // truncated
  EXPECT_EQ(find_invalid_utf8("\x80"), 0u);                  // lone continuation
}

TEST(Utf8, ReplacesWithReplacementCharacter) {
  EXPECT_EQ(replace_invalid_utf8("a\xff" "b"), "a\xef\xbf\xbd" "b");
  EXPECT_EQ(replace_invalid_utf8("ok \xe2\x82"), "ok \xef\xbf\xbd");  // one per broken sequence
  EXPECT_EQ(replace_invalid_utf8("Grüße"), "Grüße");
  EXPECT_EQ(find_invalid_utf8(replace_invalid_utf8("\xc0\xaf\xed\xa0\x80zz\xf8")), std::string_view::npos);
}

TEST(Utf8, ReplacesMaximalSubpartsAsTheUnicodeStandard) {
  // The Unicode Standard's own example (ch. 3, table 3-11): 61 F1 80 80 E1 80 C2 62 80 63 80 BF 64
  // -> a FFFD FFFD FFFD b FFFD c FFFD FFFD d.
  const std::string r = "\xef\xbf\xbd";
  EXPECT_EQ(replace_invalid_utf8("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64"),
            "a" + r + r + r + "b" + r + "c" + r + r + "d");
  EXPECT_EQ(replace_invalid_utf8("\xE0\x80\x80"), r + r + r);  // overlong: each byte alone
  EXPECT_EQ(replace_invalid_utf8("\xED\xA0\x80"), r + r + r);  // surrogate
}

TEST(LineReader, CountsLinesAndNamesBadOne) {
  std::istringstream in("one\n\nthree\xff\nfour\n");
  LineReader reader(in, "f.txt");
  std::string line;
  ASSERT_TRUE(reader.next(line));
  EXPECT_EQ(line, "one");
  ASSERT_TRUE(reader.next(line));
  EXPECT_EQ(line, "");  // empty lines stay lines
  try {
    reader.next(line);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "f.txt");
    EXPECT_EQ(e.line(), 3u);
  }
}

TEST(LineReader, ReplaceInvalidCarriesOn) {
  std::istringstream in("a\xff\nb");  // no final newline: still a line
  LineReader reader(in, "-");
  std::string line;
  ASSERT_TRUE(reader.next(line, true));
  EXPECT_EQ(line, "a\xef\xbf\xbd");
  ASSERT_TRUE(reader.next(line, true));
  EXPECT_EQ(line, "b");
  EXPECT_FALSE(reader.next(line, true));
  EXPECT_EQ(reader.line_number(), 2u);
}
