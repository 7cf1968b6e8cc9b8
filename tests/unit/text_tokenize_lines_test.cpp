// tokenize_lines: tolmach-tokenize's per-line work (moved out of tools/tokenize.cpp) on a small
// unigram model trained from tests/data/text: spm's output formats, the round trip, n-best
// lists one per line, id parsing, ICU words, and the model-type checks.
#include "text/tokenize_lines.h"

#include <gtest/gtest.h>

#include <sstream>

#include "base/error.h"
#include "test_util.h"
#include "text/subword_trainer.h"

namespace tolmach {
namespace {

class TokenizeLines : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    temp_ = std::make_unique<test::TempDir>();
    for (const char* type : {"unigram", "bpe"}) {
      SubwordTrainOptions o;
      o.inputs = {std::string(TOLMACH_TEST_DATA) + "/text/train.en"};
      o.model_prefix = temp_->path() + "/" + type;
      o.vocab_size = 200;
      o.model_type = type;
      o.seed = 1;
      o.quiet = true;
      train_subword_model(o);
    }
  }
  static void TearDownTestSuite() { temp_.reset(); }
  static Tokenizer load(const char* type) { return Tokenizer::load(temp_->path() + "/" + type + ".model"); }
  static std::string run(const LineFunction& f, const std::string& line) {
    std::string out;
    f(line, out);
    return out;
  }
  static std::unique_ptr<test::TempDir> temp_;
};
std::unique_ptr<test::TempDir> TokenizeLines::temp_;

const std::string kLine = "A man rides a bike in the park.";

TEST_F(TokenizeLines, EncodesAsSpmPrintsAndDecodesBack) {
  const Tokenizer tok = load("unigram");
  const std::string pieces = run(encode_line_function(tok, {}), kLine);
  std::string want;
  for (const auto& p : tok.encode_pieces(kLine)) want += (want.empty() ? "" : " ") + p;
  EXPECT_EQ(pieces, want);
  EncodeFormat ids;
  ids.ids = true;
  const std::string id_text = run(encode_line_function(tok, ids), kLine);
  EXPECT_EQ(id_text.find_first_not_of("0123456789 "), std::string::npos) << id_text;
  EXPECT_EQ(run(decode_line_function(tok, false), pieces), kLine);
  EXPECT_EQ(run(decode_line_function(tok, true), id_text), kLine);
}

TEST_F(TokenizeLines, NbestListsOneCandidatePerLine) {
  const Tokenizer tok = load("unigram");
  EncodeFormat f;
  f.nbest = 3;
  const std::string out = run(encode_line_function(tok, f), kLine);
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 2) << out;
  EXPECT_EQ(out.substr(0, out.find('\n')), run(encode_line_function(tok, {}), kLine));  // the best first
}

TEST_F(TokenizeLines, DecodeRejectsWhatIsNotAnId) {
  const Tokenizer tok = load("unigram");
  EXPECT_THROW(run(decode_line_function(tok, true), "12 x3 4"), std::invalid_argument);
  EXPECT_THROW(run(decode_line_function(tok, true), "12 4.5"), std::invalid_argument);
}

TEST_F(TokenizeLines, NbestNeedsUnigram) {
  EncodeFormat f;
  f.nbest = 2;
  EXPECT_NO_THROW(check_encode_format(load("unigram"), f));
  EXPECT_THROW(check_encode_format(load("bpe"), f), UsageError);
}

TEST_F(TokenizeLines, WordsAfterNormalising) {
  NormalizeOptions n;
  n.lowercase = true;
  const TextNormalizer normalizer(n);
  const WordSegmenter segmenter("");
  EXPECT_EQ(run(words_line_function(normalizer, segmenter), "Two Dogs, playing."), "two dogs , playing .");
}

}  // namespace
}  // namespace tolmach
