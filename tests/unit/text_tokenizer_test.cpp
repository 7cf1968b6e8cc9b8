// Tokenizer / Vocab / trainer on a small model trained from tests/data/text (300+300 lines).
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "base/error.h"
#include "test_util.h"
#include "text/subword_trainer.h"
#include "text/tokenizer.h"

using namespace tolmach;

namespace {

const std::string kData = std::string(TOLMACH_TEST_DATA) + "/text/";

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

SubwordTrainOptions small_model(const std::string& prefix, const std::string& type) {
  SubwordTrainOptions o;
  o.inputs = {kData + "train.en", kData + "train.de"};
  o.model_prefix = prefix;
  o.vocab_size = 300;
  o.model_type = type;
  o.seed = 1;
  o.quiet = true;
  return o;
}

class TokenizerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    temp_ = std::make_unique<test::TempDir>();
    dir_ = temp_->path() + "/";
    train_subword_model(small_model(dir_ + "bpe", "bpe"));
    train_subword_model(small_model(dir_ + "uni", "unigram"));
    auto norm = small_model(dir_ + "lc", "unigram");
    norm.normalize.form = NormForm::nfkc;
    norm.normalize.lowercase = true;
    train_subword_model(norm);
  }
  static void TearDownTestSuite() { temp_.reset(); }  // removes the models
  static std::unique_ptr<test::TempDir> temp_;
  static std::string dir_;
};
std::unique_ptr<test::TempDir> TokenizerTest::temp_;
std::string TokenizerTest::dir_;

}  // namespace

TEST_F(TokenizerTest, VocabHasNmtSpecialIds) {
  const auto tok = Tokenizer::load(dir_ + "bpe.model");
  const Vocab& v = tok.vocab();
  EXPECT_EQ(v.size(), 300);
  EXPECT_EQ(v.pad_id(), 0);
  EXPECT_EQ(v.unk_id(), 1);
  EXPECT_EQ(v.bos_id(), 2);
  EXPECT_EQ(v.eos_id(), 3);
  EXPECT_EQ(v.piece(0), "<pad>");
  EXPECT_EQ(v.piece(1), "<unk>");
  EXPECT_EQ(v.piece(2), "<s>");
  EXPECT_EQ(v.piece(3), "</s>");
  EXPECT_TRUE(v.is_control(0) && v.is_control(2) && v.is_control(3));
  EXPECT_FALSE(v.is_control(10));
  for (int id = 0; id < v.size(); ++id) EXPECT_EQ(v.id(v.piece(id)), id);
  EXPECT_EQ(v.id("no such piece"), v.unk_id());
  EXPECT_THROW(v.piece(300), std::out_of_range);
  EXPECT_THROW(v.piece(-1), std::out_of_range);
}

TEST_F(TokenizerTest, VocabFileListsEveryPieceInIdOrder) {
  const auto tok = Tokenizer::load(dir_ + "uni.model");
  const auto lines = read_lines(dir_ + "uni.vocab");
  ASSERT_EQ(static_cast<int>(lines.size()), tok.vocab().size());
  for (int id = 0; id < tok.vocab().size(); ++id)
    EXPECT_EQ(lines[id].substr(0, lines[id].find('\t')), tok.vocab().piece(id));
}

TEST_F(TokenizerTest, IdsAndPiecesAgreeAndRoundTrip) {
  for (const char* name : {"bpe", "uni"}) {
    const auto tok = Tokenizer::load(dir_ + name + ".model");
    for (const auto& line : read_lines(kData + "val.de")) {
      const auto pieces = tok.encode_pieces(line);
      const auto ids = tok.encode_ids(line);
      ASSERT_EQ(pieces.size(), ids.size());
      bool has_unk = false;
      for (size_t i = 0; i < ids.size(); ++i) {
        has_unk |= ids[i] == tok.vocab().unk_id();
        if (ids[i] != tok.vocab().unk_id()) {
          EXPECT_EQ(tok.vocab().piece(ids[i]), pieces[i]);
        }
      }
      EXPECT_EQ(tok.decode_pieces(pieces), line);  // pieces keep even unknown characters
      if (!has_unk) {
        EXPECT_EQ(tok.decode_ids(ids), line);
      }
    }
  }
}

TEST_F(TokenizerTest, EmptyLineEncodesToNothing) {
  const auto tok = Tokenizer::load(dir_ + "bpe.model");
  EXPECT_TRUE(tok.encode_ids("").empty());
  EXPECT_EQ(tok.decode_ids({}), "");
}

TEST_F(TokenizerTest, NormalisationIsRecordedAndRoundTripsToNormalisedText) {
  const auto opts = read_normalize_sidecar(dir_ + "lc.model");
  ASSERT_TRUE(opts.has_value());
  EXPECT_EQ(opts->form, NormForm::nfkc);
  EXPECT_TRUE(opts->lowercase);
  EXPECT_FALSE(read_normalize_sidecar(dir_ + "bpe.model").has_value());

  const auto tok = Tokenizer::load(dir_ + "lc.model");  // picks the sidecar up
  EXPECT_TRUE(tok.normalize_options().lowercase);
  const std::string x = "EIN MANN MIT ＨＵＴ und \xef\xac\x81sch";  // full-width, ligature
  EXPECT_EQ(tok.normalize(x), "ein mann mit hut und fisch");
  EXPECT_EQ(tok.decode_pieces(tok.encode_pieces(x)), tok.normalize(x));
  for (const auto& line : read_lines(kData + "val.en"))
    EXPECT_EQ(tok.decode_pieces(tok.encode_pieces(line)), tok.normalize(line));
  // An explicit setting overrides the sidecar.
  const auto raw = Tokenizer::load(dir_ + "lc.model", NormalizeOptions{});
  EXPECT_EQ(raw.normalize(x), x);
}

TEST_F(TokenizerTest, SamplingVariesAndNbestStartsWithBest) {
  const auto tok = Tokenizer::load(dir_ + "uni.model");
  const std::string line = "Zwei junge Männer spielen im Garten.";
  const auto best = tok.encode_pieces(line);
  const auto nbest = tok.nbest_pieces(line, 5);
  ASSERT_EQ(nbest.size(), 5u);
  EXPECT_EQ(nbest[0], best);
  set_random_seed(7);
  bool differs = false;
  for (int i = 0; i < 50; ++i) {
    const auto sample = tok.sample_pieces(line, -1, 0.1f);
    EXPECT_EQ(tok.decode_pieces(sample), line);
    differs |= sample != best;
  }
  EXPECT_TRUE(differs);
}

TEST_F(TokenizerTest, DecodeRejectsIdsOutsideVocab) {
  const auto tok = Tokenizer::load(dir_ + "bpe.model");
  EXPECT_THROW(tok.decode_ids({5, 300}), std::out_of_range);
  EXPECT_THROW(tok.decode_ids({-1}), std::out_of_range);
}

TEST_F(TokenizerTest, MissingOrCorruptModelIsAnInputError) {
  EXPECT_THROW(Tokenizer::load(dir_ + "absent.model"), InputError);
  const std::string bad = dir_ + "corrupt.model";
  std::ofstream(bad) << "this is not a protobuf\n";
  try {
    Tokenizer::load(bad);
    FAIL() << "corrupt model loaded";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), bad);
  }
}

TEST_F(TokenizerTest, TrainingNamesTheBadCorpusLineAndWritesNothing) {
  const std::string corpus = dir_ + "bad.txt";
  {
    std::ofstream out(corpus);
    for (int i = 0; i < 20; ++i) out << "a fine line number " << i << "\n";
    out << "broken \xc3(\n";
  }
  auto o = small_model(dir_ + "bad", "bpe");
  o.inputs = {kData + "train.en", corpus};
  try {
    train_subword_model(o);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), corpus);
    EXPECT_EQ(e.line(), 21u);
  }
  EXPECT_NE(access((dir_ + "bad.model").c_str(), F_OK), 0);
  EXPECT_NE(access((dir_ + "bad.vocab").c_str(), F_OK), 0);

  o.inputs = {dir_ + "no-such-file.txt"};
  EXPECT_THROW(train_subword_model(o), InputError);
}

TEST_F(TokenizerTest, SampledTrainingIsReproducible) {
  auto o = small_model(dir_ + "s1", "unigram");
  o.input_sentence_size = 200;
  o.vocab_size = 200;
  train_subword_model(o);
  o.model_prefix = dir_ + "s2";
  train_subword_model(o);
  EXPECT_EQ(read_lines(dir_ + "s1.vocab"), read_lines(dir_ + "s2.vocab"));
  EXPECT_NE(read_lines(dir_ + "s1.vocab"), read_lines(dir_ + "uni.vocab"));
}
