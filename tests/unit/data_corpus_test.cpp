// Reading a parallel corpus: lockstep, up-front line-count check, UTF-8 errors, filtering.
#include "data/corpus.h"

#include <gtest/gtest.h>

#include <sstream>

#include "base/error.h"

namespace tolmach {
namespace {

const std::string kDir = std::string(TOLMACH_TEST_DATA) + "/data/";

// Fixture lines are whitespace-separated integers: the "tokenizer" parses them.
std::vector<int> parse_ints(const std::string& line) {
  std::istringstream in(line);
  std::vector<int> ids;
  for (int x; in >> x;) ids.push_back(x);
  return ids;
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "no InputError";
}

TEST(DataCorpus, ReadsPairsInLockstepAndCountsFilteredOnes) {
  CorpusStats stats;
  const ParallelCorpus c = read_parallel_corpus(kDir + "tiny.src", kDir + "tiny.trg", parse_ints,
                                                parse_ints, CorpusOptions{6}, &stats);
  EXPECT_EQ(stats.lines, 6u);
  EXPECT_EQ(stats.skipped_empty, 1u);  // line 3: empty target
  EXPECT_EQ(stats.skipped_long, 2u);   // line 5: 8 source tokens; line 6: 7 target tokens
  EXPECT_EQ(stats.kept, 3u);
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c.line(0), 1u);
  EXPECT_EQ(c.line(1), 2u);
  EXPECT_EQ(c.line(2), 4u);
  EXPECT_EQ(c.source(0).to_vector(), (std::vector<int>{3, 4, 5}));
  EXPECT_EQ(c.target(1).to_vector(), (std::vector<int>{15, 16, 17}));
  EXPECT_EQ(c.source(2).to_vector(), (std::vector<int>{9, 10, 11, 12}));
  EXPECT_EQ(c.target(2).to_vector(), (std::vector<int>{18}));
}

TEST(DataCorpus, CropCutsLongSidesInsteadOfSkipping) {
  CorpusStats stats;
  const ParallelCorpus c = read_parallel_corpus(kDir + "tiny.src", kDir + "tiny.trg", parse_ints,
                                                parse_ints, CorpusOptions{6, true}, &stats);
  EXPECT_EQ(stats.skipped_long, 0u);
  EXPECT_EQ(stats.cropped, 2u);
  ASSERT_EQ(c.size(), 5u);
  EXPECT_EQ(c.source(3).to_vector(), std::vector<int>(6, 3));    // line 5: 8 tokens -> 6
  EXPECT_EQ(c.target(3).to_vector(), (std::vector<int>{19, 20}));
  EXPECT_EQ(c.target(4).to_vector(), (std::vector<int>{21, 22, 23, 24, 25, 26}));  // line 6
}

TEST(DataCorpus, NoLengthLimitKeepsLongPairs) {
  CorpusStats stats;
  const ParallelCorpus c = read_parallel_corpus(kDir + "tiny.src", kDir + "tiny.trg", parse_ints,
                                                parse_ints, CorpusOptions{}, &stats);
  EXPECT_EQ(stats.skipped_long, 0u);
  EXPECT_EQ(stats.skipped_empty, 1u);
  EXPECT_EQ(c.size(), 5u);
  EXPECT_EQ(c.target(4).size(), 7u);
}

TEST(DataCorpus, LineCountMismatchNamesBothFilesBeforeEncodingAnything) {
  int encoded = 0;
  const EncodeFn counting = [&](const std::string& s) { ++encoded; return parse_ints(s); };
  const std::string msg = message_of([&] {
    read_parallel_corpus(kDir + "tiny.src", kDir + "short.trg", counting, counting, {});
  });
  EXPECT_EQ(msg, kDir + "tiny.src: has 6 lines but " + kDir +
                     "short.trg has 5 lines; a parallel corpus needs equal counts");
  EXPECT_EQ(encoded, 0);
}

TEST(DataCorpus, InvalidUtf8NamesFileAndLine) {
  const std::string msg = message_of([&] {
    read_parallel_corpus(kDir + "bad_utf8.src", kDir + "tiny.trg", parse_ints, parse_ints, {});
  });
  EXPECT_EQ(msg, kDir + "bad_utf8.src:4: invalid UTF-8 at byte 3");
}

TEST(DataCorpus, MissingFileIsAnInputError) {
  const std::string msg = message_of([&] {
    read_parallel_corpus(kDir + "tiny.src", kDir + "absent.trg", parse_ints, parse_ints, {});
  });
  EXPECT_EQ(msg.rfind(kDir + "absent.trg: cannot open", 0), 0u) << msg;
}

TEST(DataCorpus, CountLinesAsGetlineDoes) {
  EXPECT_EQ(count_lines(kDir + "tiny.src"), 6u);
  EXPECT_EQ(count_lines(kDir + "no_final_newline.src"), 2u);
}

}  // namespace
}  // namespace tolmach
