// create_model / save_model / load_model for the Transformer: "type": "transformer" is
// dispatched, and a saved and reloaded model (tied tables stored once) gives the same loss
// and the same beam output.
#include <gtest/gtest.h>

#include "test_util.h"
#include "models/seq2seq.h"
#include "search/beam_search.h"
#include "tensor/threads.h"
#include "transformer_test_util.h"

namespace tolmach {
namespace {

nlohmann::json config() {
  nlohmann::json c = testing::tiny_transformer_config(15);
  c["tied-embeddings-all"] = true;
  c["transformer-prenorm"] = true;
  return c;
}

float loss_of(Seq2SeqModel& m) {
  NoGradGuard ng;
  Batch b = testing::pairs_batch({{3, 4, 5}, {8, 9, 10, 11}}, {{6, 7}, {12, 13, 14, 3}});
  return m.loss(b, {0.1f}, 0).sum.value().item();
}

std::vector<NBestList> decode(const Seq2SeqModel& m) {
  auto step = m.step_model();
  SearchOptions o;
  o.beam_size = 3;
  o.max_length = 8;
  return beam_search(*step, make_source_batch({{3, 4, 5, 6}, {7}}, BatchShape{}), o);
}

TEST(TransformerModelIo, RoundTripGivesIdenticalOutputs) {
  set_num_threads(1);
  test::TempDir dir;
  auto a = create_model(config(), 5);
  save_model(dir.path(), *a);
  auto b = load_model(dir.path());
  EXPECT_EQ(b->config()["type"], "transformer");
  auto pa = a->parameters(), pb = b->parameters();
  ASSERT_EQ(pa.size(), pb.size());
  for (size_t i = 0; i < pa.size(); ++i) {
    EXPECT_EQ(pa[i].first, pb[i].first);
    EXPECT_EQ(pa[i].second.value().to_vector(), pb[i].second.value().to_vector()) << pa[i].first;
  }
  EXPECT_EQ(loss_of(*a), loss_of(*b));
  auto da = decode(*a), db = decode(*b);
  ASSERT_EQ(da.size(), db.size());
  for (size_t s = 0; s < da.size(); ++s) {
    EXPECT_EQ(da[s][0].tokens, db[s][0].tokens);
    EXPECT_EQ(da[s][0].token_scores, db[s][0].token_scores);
  }
  EXPECT_NE(loss_of(*create_model(config(), 6)), loss_of(*a));  // the comparison can fail
}

}  // namespace
}  // namespace tolmach
