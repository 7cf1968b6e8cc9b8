// Guided alignment: word links of the training text become subword links (every subword of
// one word to every subword of the other), batches carry them as row-normalised gold
// attention, the cost's gradient is right, and training with it pulls the alignment layer's
// attention towards the gold links.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "align/guided_alignment.h"
#include "align/word_alignment.h"
#include "base/error.h"
#include "autograd/gradcheck.h"
#include "models/seq2seq.h"
#include "models/transformer/model.h"
#include "ops/binary.h"
#include "ops/softmax.h"
#include "tensor/threads.h"
#include "test_util.h"
#include "text/tokenizer.h"
#include "train/optimizer.h"
#include "transformer_test_util.h"

using namespace tolmach;

namespace {

const std::string kVocab = std::string(TOLMACH_TEST_DATA) + "/../../models/pretrained/multi30k-en-de/vocab.model";

TEST(GuidedAlignment, WordLinksBecomeSubwordLinksOfTheTrainingText) {
  const Tokenizer tok = Tokenizer::load(kVocab);
  // "snowboarders" is several pieces in this vocabulary; the test checks it is.
  const std::string src = "Two snowboarders jump .", trg = "Zwei Snowboarder springen .";
  const auto src_pieces = tok.encode_pieces(src), trg_pieces = tok.encode_pieces(trg);
  ParallelCorpus corpus("s", "t");
  corpus.add(tok.encode_ids("A dog ."), tok.encode_ids("Ein Hund ."), 1);
  corpus.add(tok.encode_ids(src), tok.encode_ids(trg), 3);  // line 2 was skipped by the reader
  const std::vector<Links> by_line = {parse_pharaoh("0-0 1-1 2-2"), parse_pharaoh("0-0"), parse_pharaoh("1-1 3-3")};
  const auto links = subword_alignments(by_line, corpus, tok.vocab(), tok.vocab());
  ASSERT_EQ(links.size(), 2u);
  // "▁A ▁dog ▁ .": the "." is a bare "▁" and "." (word 2 = pieces 2 and 3, on both sides)
  EXPECT_EQ(links[0], (TokenLinks{{0, 0}, {1, 1}, {2, 2}, {2, 3}, {3, 2}, {3, 3}}));
  const std::vector<int> sw = piece_words(src_pieces), tw = piece_words(trg_pieces);
  TokenLinks expected;
  for (size_t s = 0; s < sw.size(); ++s)
    for (size_t t = 0; t < tw.size(); ++t)
      if ((sw[s] == 1 && tw[t] == 1) || (sw[s] == 3 && tw[t] == 3)) expected.push_back({int(s), int(t)});
  ASSERT_GT(std::count(sw.begin(), sw.end(), 1), 1) << "the test wants a word of several pieces";
  auto got = links[1];
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, expected);
}

TEST(GuidedAlignment, FilesAreCheckedAgainstTheTrainingText) {
  tolmach::test::TempDir dir;
  const std::string src = dir.path() + "/src", trg = dir.path() + "/trg", path = dir.path() + "/align";
  std::ofstream(src) << "a b c\nd e\n";
  std::ofstream(trg) << "x y\nz\n";
  auto error_of = [&](const std::string& text) -> std::string {
    std::ofstream(path, std::ios::trunc) << text;
    try {
      read_word_alignments(path, src, trg);
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_EQ(error_of("0-0 2-1\n1-0\n"), "no error");
  EXPECT_NE(error_of("0-0\n2-0\n").find(path + ":2: link 2-0 is outside the pair's 2 source and 1 target words"),
            std::string::npos);
  EXPECT_NE(error_of("0-0 x\n0-0\n").find(path + ":1: bad link 'x'"), std::string::npos);
  EXPECT_NE(error_of("0-0\n").find(path + ":1: ends here, before the training files"), std::string::npos);
  EXPECT_NE(error_of("0-0\n0-0\n0-0\n").find(path + ":3: has more lines than the training files"),
            std::string::npos);
}

TEST(GuidedAlignment, BatchGoldRowsSumToOneOverTheLinkedSourceTokens) {
  ParallelCorpus corpus("s", "t");
  corpus.add({3, 4, 5}, {6, 7}, 1);
  corpus.add({3}, {6, 7, 8}, 2);
  corpus.set_alignments({{{0, 0}, {1, 0}, {2, 1}}, {{0, 2}}});
  const Batch b = make_batch(corpus, {0, 1}, BatchShape{});
  const int T = b.target_width, S = b.source.width;  // 4 (3 + eos), 4 (3 + eos)
  ASSERT_EQ(b.guided_alignment.size(), size_t(2 * T * S));
  auto gold = [&](int row, int t, int s) { return b.guided_alignment[(row * T + t) * S + s]; };
  EXPECT_FLOAT_EQ(gold(0, 0, 0), 0.5f);
  EXPECT_FLOAT_EQ(gold(0, 0, 1), 0.5f);
  EXPECT_FLOAT_EQ(gold(0, 1, 2), 1.f);
  EXPECT_FLOAT_EQ(gold(1, 2, 0), 1.f);
  float total = 0;
  for (float g : b.guided_alignment) total += g;
  EXPECT_FLOAT_EQ(total, 3.f) << "one per linked target token, nothing on eos or padding";
}

TEST(GuidedAlignment, CostGradientsMatchFiniteDifferences) {
  Batch b;
  b.target_tokens = 4;
  b.guided_alignment = {1, 0, 0, 0, 0.5f, 0.5f, 0, 0, 0, 0, 0, 1};  // [1, 3, 4]
  for (GuidedAlignmentCost cost : {GuidedAlignmentCost::ce, GuidedAlignmentCost::mse}) {
    auto f = [&](const std::vector<Var>& in) {
      return guided_alignment_loss(ops::softmax(in[0], -1), b, cost, 0.3f);
    };
    auto r = gradcheck(f, {random_uniform({1, 3, 4}, -1.f, 1.f, 5)});
    EXPECT_TRUE(r.ok) << r.report;
  }
}

// The alignment layer's ce against an anti-diagonal gold (a reversal task), after training.
float alignment_cost_after_training(float weight) {
  set_num_threads(1);
  auto model = create_model(tolmach::testing::tiny_transformer_config(12), 11);
  model->set_training(true);
  ParallelCorpus corpus("s", "t");
  std::vector<TokenLinks> gold;
  for (int i = 0; i < 8; ++i) {
    std::vector<int> x;
    for (int k = 0; k < 5; ++k) x.push_back(3 + (i * 7 + k * 3) % 9);
    std::vector<int> y(x.rbegin(), x.rend());
    corpus.add(x, y, i + 1);
    TokenLinks l;
    for (int k = 0; k < 5; ++k) l.push_back({4 - k, k});
    gold.push_back(l);
  }
  corpus.set_alignments(gold);
  const Batch batch = make_batch(corpus, {0, 1, 2, 3, 4, 5, 6, 7}, BatchShape{});
  LossOptions o;
  o.guided_alignment_weight = weight;
  Adam adam([&] {
    std::vector<Var> v;
    for (auto& p : model->parameters()) v.push_back(p.second);
    return v;
  }());
  for (int step = 0; step < 40; ++step) {
    LossResult r = model->loss(batch, o, step + 1);
    ops::scale(r.sum, 1.f / r.tokens).backward();
    adam.step(3e-3f);
  }
  NoGradGuard no_grad;
  Var attention;
  dynamic_cast<transformer::TransformerModel&>(*model).forward(batch, {}, &attention);
  return guided_alignment_loss(attention, batch, GuidedAlignmentCost::ce, 1.f).value().item() / batch.target_tokens;
}

TEST(GuidedAlignment, TrainingWithItLowersTheAlignmentCost) {
  const float unguided = alignment_cost_after_training(0.f), guided = alignment_cost_after_training(1.f);
  EXPECT_LT(guided, 0.5f * unguided) << "guided " << guided << " unguided " << unguided;
}

}  // namespace
