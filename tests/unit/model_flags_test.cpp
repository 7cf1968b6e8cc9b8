// model_config_from_flags: tolmach-train's architecture flags -> config.json keys (moved out
// of tools/train.cpp): the rnn keys, a Transformer preset with given flags over it, aliases,
// and the usage errors.
#include "models/model_flags.h"

#include <gtest/gtest.h>

#include "base/error.h"

namespace tolmach {
namespace {

TEST(ModelFlags, RnnKeysAsMarianNamesThem) {
  ModelFlags f;
  f.attention = "mlp";  // Marian's alias of additive
  f.dropout = 0.3f;
  const nlohmann::json c = model_config_from_flags(f);
  EXPECT_EQ(c["type"], "rnn");
  EXPECT_EQ(c["dim-emb"], 512);
  EXPECT_EQ(c["dim-rnn"], 1024);
  EXPECT_EQ(c["attention"], "additive");
  EXPECT_EQ(c["dropout"].dump(), "0.3");  // as typed, not 0.30000001192092896
  EXPECT_FALSE(c.contains("transformer-heads"));
}

TEST(ModelFlags, TaskPresetWithGivenFlagsOverIt) {
  ModelFlags f;
  f.task = "transformer-tiny";  // implies --type transformer
  f.dim_emb = 512;              // the default: not given, the preset's 128 stays
  f.enc_depth = 2;
  f.given = {"enc-depth"};
  f.alignment_layer = 3;
  const nlohmann::json c = model_config_from_flags(f);
  EXPECT_EQ(c["type"], "transformer");
  EXPECT_EQ(c["dim-emb"], 128);
  EXPECT_EQ(c["enc-depth"], 2);
  EXPECT_EQ(c["dec-depth"], 4);
  EXPECT_EQ(c["transformer-heads"], 4);
  EXPECT_EQ(c["alignment-layer"], 3);
  EXPECT_EQ(c["transformer-dropout"].dump(), "0.0");
}

TEST(ModelFlags, TransformerWithoutTaskIsSmall) {
  ModelFlags f;
  f.type = "transformer";
  EXPECT_EQ(model_config_from_flags(f)["dim-emb"], 256);
}

TEST(ModelFlags, BadFlagsAreUsageErrors) {
  ModelFlags f;
  f.type = "lstm";
  EXPECT_THROW(model_config_from_flags(f), UsageError);
  f = {};
  f.task = "transformer-huge";
  try {
    model_config_from_flags(f);
    ADD_FAILURE() << "accepted an unknown task";
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("--task: unknown task", 0), 0u) << e.what();
  }
  f = {};
  f.dropout_ffn = 1.f;
  EXPECT_THROW(model_config_from_flags(f), UsageError);
}

}  // namespace
}  // namespace tolmach
