// UTF-8 validation, replacement (expected strings from the Unicode standard and Python's
// bytes.decode("utf-8", "replace")) and the line reader's numbering and error text.
#include "base/utf8_valid.h"
#include "text/utf8.h"

#include <gtest/gtest.h>

#include <sstream>

#include "base/error.h"

namespace tolmach {
namespace {

constexpr size_t npos = std::string_view::npos;
const std::string R = "\xEF\xBF\xBD";  // U+FFFD

TEST(Utf8, AcceptsValidText) {
  EXPECT_EQ(find_invalid_utf8(""), npos);
  EXPECT_EQ(find_invalid_utf8("plain ASCII\t\r\n"), npos);
  EXPECT_EQ(find_invalid_utf8(std::string("nul\0inside", 10)), npos);
  EXPECT_EQ(find_invalid_utf8("Grüße, €, 日本語, 😀"), npos);
  EXPECT_EQ(find_invalid_utf8("\xC2\x80"), npos);          // U+0080, smallest 2-byte
  EXPECT_EQ(find_invalid_utf8("\xE0\xA0\x80"), npos);      // U+0800, smallest 3-byte
  EXPECT_EQ(find_invalid_utf8("\xED\x9F\xBF"), npos);      // U+D7FF, below surrogates
  EXPECT_EQ(find_invalid_utf8("\xEE\x80\x80"), npos);      // U+E000, above surrogates
  EXPECT_EQ(find_invalid_utf8("\xEF\xBF\xBF"), npos);      // U+FFFF
  EXPECT_EQ(find_invalid_utf8("\xF0\x90\x80\x80"), npos);  // U+10000
  EXPECT_EQ(find_invalid_utf8("\xF4\x8F\xBF\xBF"), npos);  // U+10FFFF, the last one
}

TEST(Utf8, RejectsOverlongs) {
  EXPECT_EQ(find_invalid_utf8("ab\xC0\x80"), 2u);  // NUL as 2 bytes
  EXPECT_EQ(find_invalid_utf8("\xC1\xBF"), 0u);
  EXPECT_EQ(find_invalid_utf8("a\xC0\xAF"), 1u);  // '/' as 2 bytes
  EXPECT_EQ(find_invalid_utf8("x\xE0\x80\x80"), 1u);
  EXPECT_EQ(find_invalid_utf8("\xE0\x9F\xBF"), 0u);  // U+07FF in 3 bytes
  EXPECT_EQ(find_invalid_utf8("\xF0\x80\x80\x80"), 0u);
  EXPECT_EQ(find_invalid_utf8("\xF0\x8F\xBF\xBF"), 0u);  // U+FFFF in 4 bytes
}

TEST(Utf8, RejectsSurrogates) {
  EXPECT_EQ(find_invalid_utf8("\xED\xA0\x80"), 0u);              // U+D800
  EXPECT_EQ(find_invalid_utf8("ok\xED\xBF\xBF"), 2u);            // U+DFFF
  EXPECT_EQ(find_invalid_utf8("\xED\xA0\xBD\xED\xB8\x80"), 0u);  // CESU-8 pair for U+1F600
}

TEST(Utf8, RejectsAboveMaxCodePoint) {
  EXPECT_EQ(find_invalid_utf8("\xF4\x90\x80\x80"), 0u);  // U+110000
  EXPECT_EQ(find_invalid_utf8("\xF5\x80\x80\x80"), 0u);
  EXPECT_EQ(find_invalid_utf8("\xF8\x88\x80\x80\x80"), 0u);  // old 5-byte form
  EXPECT_EQ(find_invalid_utf8("a\xFE"), 1u);
  EXPECT_EQ(find_invalid_utf8("a\xFF"), 1u);
}

TEST(Utf8, RejectsTruncatedAndStrayBytes) {
  EXPECT_EQ(find_invalid_utf8("end\xC3"), 3u);
  EXPECT_EQ(find_invalid_utf8("\xE2\x82"), 0u);
  EXPECT_EQ(find_invalid_utf8("ok \xE2\x82"), 3u);
  EXPECT_EQ(find_invalid_utf8("\xE2\x82x"), 0u);
  EXPECT_EQ(find_invalid_utf8("ab\xF0\x9F\x98"), 2u);
  EXPECT_EQ(find_invalid_utf8("\xC3\xA9\x80"), 2u);  // é then a stray continuation
  EXPECT_EQ(find_invalid_utf8("\x80"), 0u);
}

TEST(Utf8, ReplacesEachMaximalSubpart) {
  // Unicode 15, ch. 3, "U+FFFD Substitution of Maximal Subparts", table 3-8.
  EXPECT_EQ(replace_invalid_utf8("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64"),
            "a" + R + R + R + "b" + R + "c" + R + R + "d");
  // Python: b"...".decode("utf-8", "replace").
  EXPECT_EQ(replace_invalid_utf8("\xE0\x80\x80"), R + R + R);          // overlong
  EXPECT_EQ(replace_invalid_utf8("\xED\xA0\x80"), R + R + R);          // surrogate
  EXPECT_EQ(replace_invalid_utf8("\xF4\x90\x80\x80"), R + R + R + R);  // > U+10FFFF
  EXPECT_EQ(replace_invalid_utf8("\xC0\xAF"), R + R);
  EXPECT_EQ(replace_invalid_utf8("\x80\x80"), R + R);
  EXPECT_EQ(replace_invalid_utf8("\xF0\x9F\x98x"), R + "x");  // truncated 4-byte
  EXPECT_EQ(replace_invalid_utf8("a\xF0\x9F\x98"), "a" + R);
  EXPECT_EQ(replace_invalid_utf8("\xE2\x82\xACok\xE2\x82"), "\xE2\x82\xACok" + R);
  EXPECT_EQ(replace_invalid_utf8("\xC3("), R + "(");
  EXPECT_EQ(replace_invalid_utf8("\xFF\xFE"), R + R);
  EXPECT_EQ(replace_invalid_utf8("a\xFF" "b"), "a" + R + "b");
  // Valid text is untouched, and the result is always valid.
  EXPECT_EQ(replace_invalid_utf8("Grüße 😀"), "Grüße 😀");
  EXPECT_EQ(find_invalid_utf8(replace_invalid_utf8("\xF8\x88\x80\x80\x80\xED\xA0")), npos);
}

TEST(LineReader, NumbersLinesAndKeepsCarriageReturns) {
  std::istringstream in("first\nsecond\r\n\nlast without newline");
  LineReader reader(in, "input.txt");
  std::string line;
  std::vector<std::pair<size_t, std::string>> got;
  while (reader.next(line)) got.emplace_back(reader.line_number(), line);
  EXPECT_EQ(got, (std::vector<std::pair<size_t, std::string>>{
                     {1, "first"}, {2, "second\r"}, {3, ""}, {4, "last without newline"}}));
  EXPECT_FALSE(reader.next(line));
  EXPECT_EQ(reader.line_number(), 4u);
  EXPECT_EQ(reader.name(), "input.txt");
}

TEST(LineReader, InvalidUtf8NamesFileLineAndByte) {
  std::istringstream in("ok\nstill ok\nbad \xFF here\nnever read\n");
  LineReader reader(in, "corpus.de");
  std::string line;
  ASSERT_TRUE(reader.next(line));
  ASSERT_TRUE(reader.next(line));
  try {
    reader.next(line);
    ADD_FAILURE() << "accepted invalid UTF-8";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "corpus.de:3: invalid UTF-8 at byte 5");
    EXPECT_EQ(e.file(), "corpus.de");
    EXPECT_EQ(e.line(), 3u);
  }
}

TEST(LineReader, ReplaceModeRepairsAndContinues) {
  std::istringstream in("a\xC3\n\xED\xA0\x80z\nfine\n");
  LineReader reader(in, "-");
  std::string line;
  ASSERT_TRUE(reader.next(line, true));
  EXPECT_EQ(line, "a" + R);
  ASSERT_TRUE(reader.next(line, true));
  EXPECT_EQ(line, R + R + R + "z");
  ASSERT_TRUE(reader.next(line, true));
  EXPECT_EQ(line, "fine");
  EXPECT_EQ(reader.line_number(), 3u);
  EXPECT_FALSE(reader.next(line, true));
}

}  // namespace
}  // namespace tolmach
