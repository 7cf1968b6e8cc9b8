// --on-bad-line: which lines are bad (invalid UTF-8, NUL; other controls and CR are text),
// and what the policies do in the readers the line-filter tools share (LineReader,
// filter_lines, PairReader with one file or two in lockstep).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "align/pair_reader.h"
#include "base/error.h"
#include "text/bad_line.h"
#include "text/line_filter.h"
#include "text/utf8.h"

using namespace tolmach;
using namespace std::string_literals;

namespace {

std::vector<std::string> read_all(const std::string& text, BadLinePolicy policy, std::string* warnings = nullptr) {
  std::istringstream in(text);
  LineReader reader(in, "in.txt", policy);
  std::vector<std::string> lines;
  std::string line;
  testing::internal::CaptureStderr();
  try {
    while (reader.next(line)) lines.push_back(line);
  } catch (...) {
    testing::internal::GetCapturedStderr();
    throw;
  }
  const std::string err = testing::internal::GetCapturedStderr();
  if (warnings) *warnings = err;
  return lines;
}

}  // namespace

TEST(BadLine, ParsePolicy) {
  EXPECT_EQ(parse_bad_line_policy("error"), BadLinePolicy::error);
  EXPECT_EQ(parse_bad_line_policy("empty"), BadLinePolicy::empty);
  EXPECT_EQ(parse_bad_line_policy("skip-with-warning"), BadLinePolicy::skip);
  try {
    parse_bad_line_policy("skip");
    FAIL() << "no UsageError";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("--on-bad-line"), std::string::npos) << e.what();
  }
}

TEST(BadLine, Reasons) {
  EXPECT_EQ(bad_line_reason("Ein Hund."), "");
  EXPECT_EQ(bad_line_reason(""), "");
  EXPECT_EQ(bad_line_reason("a\tb\r"), "");           // TAB, CR: text
  EXPECT_EQ(bad_line_reason("bell\x07 esc\x1b del\x7f"), "");  // other controls: text (SentencePiece drops them)
  EXPECT_EQ(bad_line_reason("ab\xff"), "invalid UTF-8 at byte 3");
  EXPECT_EQ(bad_line_reason("a\0b"s), "NUL byte at byte 2");
  EXPECT_EQ(bad_line_reason("\xff\0"s), "invalid UTF-8 at byte 1");  // the first fault is named
}

TEST(BadLine, ReaderError) {
  try {
    read_all("good\nbad\0line\nafter\n"s, BadLinePolicy::error);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "in.txt");
    EXPECT_EQ(e.line(), 2u);
    EXPECT_STREQ(e.what(), "in.txt:2: NUL byte at byte 4");
  }
}

TEST(BadLine, ReaderEmptyKeepsLineCount) {
  std::string warnings;
  const auto lines = read_all("one\nt\xc3wo\nthree\n\nfive\0\n"s, BadLinePolicy::empty, &warnings);
  EXPECT_EQ(lines, (std::vector<std::string>{"one", "", "three", "", ""}));
  EXPECT_EQ(warnings,
            "tolmach: warning: in.txt:2: invalid UTF-8 at byte 2 (an empty line in its place)\n"
            "tolmach: warning: in.txt:5: NUL byte at byte 5 (an empty line in its place)\n");
}

TEST(BadLine, ReaderSkipDropsAndCountsOn) {
  std::string warnings;
  std::istringstream in("a\n\xff\nb\n\xfe\n");
  LineReader reader(in, "x", BadLinePolicy::skip);
  std::string line;
  testing::internal::CaptureStderr();
  ASSERT_TRUE(reader.next(line));
  EXPECT_EQ(line, "a");
  ASSERT_TRUE(reader.next(line));
  EXPECT_EQ(line, "b");
  EXPECT_EQ(reader.line_number(), 3u);  // line numbers stay the file's
  EXPECT_FALSE(reader.next(line));
  warnings = testing::internal::GetCapturedStderr();
  EXPECT_EQ(reader.bad_lines().count(), 2u);
  EXPECT_NE(warnings.find("x:2: invalid UTF-8 at byte 1 (skipped"), std::string::npos) << warnings;
  EXPECT_NE(warnings.find("x:4: invalid UTF-8"), std::string::npos) << warnings;
}

TEST(BadLine, ReplaceInvalidStillRejectsNul) {
  std::istringstream in("a\xff\nb\0\n"s);
  LineReader reader(in, "x");
  std::string line;
  ASSERT_TRUE(reader.next(line, true));
  EXPECT_EQ(line, "a\xEF\xBF\xBD");
  EXPECT_THROW(reader.next(line, true), InputError);
}

// A line the filter's function rejects goes by the same policy, serial or threaded.
TEST(BadLine, FilterFunctionRejects) {
  for (int threads : {1, 3}) {
    for (BadLinePolicy policy : {BadLinePolicy::empty, BadLinePolicy::skip}) {
      std::istringstream in("1\nx\n3\n\xff\n5\n");
      LineReader reader(in, "nums", policy);
      std::ostringstream out;
      LineFilterOptions options;
      options.threads = threads;
      options.batch_lines = 2;
      options.on_bad_line = policy;
      testing::internal::CaptureStderr();
      filter_lines(reader, out, [] {
        return [](const std::string& line, std::string& o) {
          if (line.find_first_not_of("0123456789") != std::string::npos) throw std::invalid_argument("not a number");
          o = "<" + line + ">";
        };
      }, options);
      const std::string warnings = testing::internal::GetCapturedStderr();
      EXPECT_EQ(out.str(), policy == BadLinePolicy::empty ? "<1>\n\n<3>\n\n<5>\n" : "<1>\n<3>\n<5>\n") << threads;
      EXPECT_NE(warnings.find("nums:2: not a number"), std::string::npos) << warnings;
      EXPECT_NE(warnings.find("nums:4: invalid UTF-8"), std::string::npos) << warnings;
    }
  }
}

TEST(BadLine, FilterFunctionRejectsByDefault) {
  std::istringstream in("1\nx\n3\n");
  LineReader reader(in, "nums");
  std::ostringstream out;
  try {
    filter_lines(reader, out, [] {
      return [](const std::string& line, std::string& o) {
        if (line == "x") throw std::invalid_argument("not a number");
        o = line;
      };
    });
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "nums:2: not a number");
  }
  EXPECT_EQ(out.str(), "1\n");
}

// Two files in lockstep: a bad line on either side blanks or drops the pair on both sides.
TEST(BadLine, PairReaderTwoFilesStayInStep) {
  for (BadLinePolicy policy : {BadLinePolicy::empty, BadLinePolicy::skip}) {
    std::istringstream src("a\nb\nc\0\nd\n"s), trg("A\n\xff\nC\nD\n");
    PairReader reader(src, "s", trg, "t", policy);
    std::vector<std::string> got;
    SentencePair p;
    testing::internal::CaptureStderr();
    while (reader.next(p)) got.push_back(p.source + "|" + p.target);
    const std::string warnings = testing::internal::GetCapturedStderr();
    if (policy == BadLinePolicy::empty)
      EXPECT_EQ(got, (std::vector<std::string>{"a|A", "|", "|", "d|D"}));
    else
      EXPECT_EQ(got, (std::vector<std::string>{"a|A", "d|D"}));
    EXPECT_NE(warnings.find("t:2: invalid UTF-8"), std::string::npos) << warnings;
    EXPECT_NE(warnings.find("s:3: NUL byte"), std::string::npos) << warnings;
  }
}

TEST(BadLine, PairReaderOneFile) {
  {
    std::istringstream in("a ||| A\nno separator\n\nb\tB\n");
    PairReader reader(in, "p");
    SentencePair p;
    ASSERT_TRUE(reader.next(p));
    try {
      reader.next(p);
      FAIL() << "no InputError";
    } catch (const InputError& e) {
      EXPECT_EQ(e.line(), 2u);
    }
  }
  std::istringstream in("a ||| A\nno separator\n\nb\tB\n");
  PairReader reader(in, "p", BadLinePolicy::skip);
  std::vector<std::string> got;
  SentencePair p;
  testing::internal::CaptureStderr();
  while (reader.next(p)) got.push_back(p.source + "|" + p.target);
  const std::string warnings = testing::internal::GetCapturedStderr();
  EXPECT_EQ(got, (std::vector<std::string>{"a|A", "|", "b|B"}));  // an empty line is an empty pair, not bad
  EXPECT_NE(warnings.find("p:2: no ' ||| '"), std::string::npos) << warnings;
}

// A directory opens as a stream but fails its first read: an error, not an empty file.
TEST(BadLine, DirectoryIsAReadError) {
  std::ifstream in(TOLMACH_TEST_DATA, std::ios::binary);
  ASSERT_TRUE(in.is_open());
  LineReader reader(in, "data/");
  std::string line;
  try {
    reader.next(line);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "data/: read error (a directory?)");
  }
}
