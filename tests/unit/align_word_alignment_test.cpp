// Word alignments from subword attention (tolmach-translate --alignment).
#include <gtest/gtest.h>

#include "align/word_alignment.h"

using namespace tolmach;

namespace {
const std::string W = "\xE2\x96\x81";  // ▁
}

TEST(WordAlignment, PieceWords) {
  EXPECT_EQ(piece_words({W + "the", W + "hou", "se", "."}), (std::vector<int>{0, 1, 1, 1}));
  // A bare ▁ starts a word the next piece continues: "a (b" -> ▁a ▁ ( b
  EXPECT_EQ(piece_words({W + "a", W, "(", "b"}), (std::vector<int>{0, 1, 1, 1}));
  EXPECT_EQ(piece_words({"x", W + "y"}), (std::vector<int>{0, 1}));
  EXPECT_TRUE(piece_words({}).empty());
}

TEST(WordAlignment, JoinedWords) {
  const std::vector<std::string> pieces{W + "the", W + "hou", "se", W, "."};
  EXPECT_EQ(joined_words(pieces, piece_words(pieces)), (std::vector<std::string>{"the", "house", "."}));
}

TEST(WordAlignment, HardMergesSubwordsAndDropsEos) {
  // source words: 0 = {0}, 1 = {1, 2}; column 3 is the source eos
  const std::vector<int> src{0, 1, 1};
  // target words: 0 = {0}, 1 = {1}; row 2 is the target eos
  const std::vector<int> trg{0, 1};
  const std::vector<std::vector<float>> att{
      {0.1f, 0.2f, 0.6f, 0.1f},  // -> source piece 2 (word 1)
      {0.7f, 0.1f, 0.1f, 0.1f},  // -> word 0
      {0.0f, 0.0f, 0.0f, 1.0f},  // eos row: ignored
  };
  EXPECT_EQ(hard_word_alignment(att, src, trg), "0-1 1-0");
  // threshold 0.2: links 1-0 (0.2), 1-0 (0.6) merge; 0-1
  EXPECT_EQ(hard_word_alignment(att, src, trg, 0.2f), "0-1 1-0");
  EXPECT_EQ(hard_word_alignment(att, src, trg, 0.05f), "0-0 0-1 1-0 1-1");
  // A target piece looking at eos links nothing.
  EXPECT_EQ(hard_word_alignment({{0.1f, 0.1f, 0.1f, 0.7f}}, src, {0}), "");
}

TEST(WordAlignment, SoftSumsSourcePiecesAndAveragesTargetPieces) {
  const std::vector<int> src{0, 1, 1};
  const std::vector<int> trg{0, 0};  // two pieces, one word
  const std::vector<std::vector<float>> att{{0.5f, 0.25f, 0.25f, 0.f}, {0.f, 0.5f, 0.25f, 0.25f}};
  EXPECT_EQ(soft_word_alignment(att, src, trg), "0.25,0.625");
}
