// Marian import pieces: .npy parsing, Marian's positional layout, and the options the
// importer refuses. The end-to-end check (an imported Marian-trained model reproduces
// marian-decoder's n-best lists) is tests/cli/convert_marian.sh.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "io/npz.h"
#include "models/marian/marian_config.h"
#include "models/transformer/embeddings.h"

using namespace tolmach;

namespace {

std::string npy(const std::string& descr, const std::string& shape, const std::string& data) {
  std::string header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
  header.resize(((header.size() + 11 + 63) / 64) * 64 - 11, ' ');
  header += '\n';
  std::string b = "\x93NUMPY";
  b += '\x01';
  b += '\x00';
  b += static_cast<char>(header.size() & 0xff);
  b += static_cast<char>(header.size() >> 8);
  return b + header + data;
}

std::string floats(std::initializer_list<float> v) {
  std::string s(v.size() * sizeof(float), '\0');
  std::memcpy(s.data(), std::data(v), s.size());
  return s;
}

const char* kTransformerYml = R"(
type: transformer
dim-emb: 16
enc-depth: 2
dec-depth: 1
transformer-heads: 2
transformer-dim-ffn: 32
transformer-ffn-depth: 2
transformer-ffn-activation: swish
transformer-preprocess: ""
transformer-postprocess: dan
transformer-postprocess-emb: d
tied-embeddings-all: true
transformer-guided-alignment-layer: last
)";

// kTransformerYml with `key: value` lines replaced or added ("key: value\n..." pairs).
std::string yml_with(const std::vector<std::pair<std::string, std::string>>& changes) {
  std::string yml = kTransformerYml;
  for (const auto& [key, value] : changes) {
    const size_t at = yml.find("\n" + key + ":");
    if (at == std::string::npos) {
      yml += key + ": " + value + "\n";
    } else {
      const size_t end = yml.find('\n', at + 1);
      yml.replace(at + 1, end - at - 1, key + ": " + value);
    }
  }
  return yml;
}

}  // namespace

TEST(Npy, ParsesShapeAndValues) {
  NpyArray a = parse_npy(npy("<f4", "(2, 3)", floats({1, 2, 3, 4, 5, 6})), "w");
  EXPECT_EQ(a.dtype, "f4");
  EXPECT_EQ(a.shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(a.floats(), (std::vector<float>{1, 2, 3, 4, 5, 6}));
  NpyArray scalar = parse_npy(npy("<f4", "()", floats({7})), "s");
  EXPECT_TRUE(scalar.shape.empty());
  EXPECT_EQ(scalar.numel(), 1);
  NpyArray text = parse_npy(npy("|i1", "(4,)", std::string("ab\0\0", 4)), "t");
  EXPECT_EQ(text.text(), "ab");
}

TEST(Npy, RefusesWhatItCannotRead) {
  EXPECT_THROW(parse_npy("not numpy", "x"), std::invalid_argument);
  EXPECT_THROW(parse_npy(npy(">f4", "(1,)", floats({1})), "x"), std::invalid_argument);  // big-endian
  EXPECT_THROW(parse_npy(npy("<f4", "(2, 3)", floats({1, 2})), "x"), std::invalid_argument);  // short data
  std::string fortran = npy("<f4", "(1,)", floats({1}));
  fortran.replace(fortran.find("False"), 5, "True ");
  EXPECT_THROW(parse_npy(fortran, "x"), std::invalid_argument);
}

// Marian's SinusoidalPositionEmbeddings (src/tensors/cpu/tensor_operators.cpp) as its
// documentation states it: sin of D/2 timescales, then their cos, in float.
TEST(MarianPositions, MatchMarianLayout) {
  const int D = 8, T = 5, start = 3;
  Tensor pe = transformer::sinusoidal_positions(start, T, D, true);
  const float half = D / 2.f, increment = std::log(10000.f) / (half - 1.f);
  for (int t = 0; t < T; ++t)
    for (int i = 0; i < D; ++i) {
      const float v = static_cast<float>(t + start) * std::exp((i % static_cast<int>(half)) * -increment);
      const float want = i < half ? std::sin(v) : std::cos(v);
      EXPECT_NEAR(pe.data<float>()[t * D + i], want, 2e-6) << t << "," << i;
    }
}

TEST(MarianConfig, TransformerKeys) {
  nlohmann::json c = marian::transformer_config(kTransformerYml);
  EXPECT_EQ(c["dim-emb"], 16);
  EXPECT_EQ(c["enc-depth"], 2);
  EXPECT_EQ(c["dec-depth"], 1);
  EXPECT_EQ(c["transformer-ffn-activation"], "swish");
  EXPECT_EQ(c["transformer-prenorm"], false);
  EXPECT_EQ(c["transformer-positions"], "sinusoidal-marian");
  EXPECT_EQ(c["tied-embeddings-all"], true);
  EXPECT_EQ(c["alignment-layer"], 0);
  EXPECT_EQ(c["alignment-heads"], nlohmann::json::array({0}));
  nlohmann::json pre = marian::transformer_config(yml_with({{"transformer-preprocess", "n"},
      {"transformer-postprocess", "da"}, {"transformer-postprocess-top", "n"}, {"transformer-guided-alignment-layer", "1"}}));
  EXPECT_EQ(pre["transformer-prenorm"], true);
  EXPECT_EQ(pre["alignment-layer"], 1);
}

TEST(MarianConfig, RefusesWhatItCannotRun) {
  auto refused = [](const std::string& yml, const std::string& named) {
    try {
      marian::transformer_config(yml);
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(named), std::string::npos) << e.what();
      return;
    }
    ADD_FAILURE() << "accepted: " << named;
  };
  refused(yml_with({{"type", "s2s"}}), "RNN");
  refused(yml_with({{"lemma-dim-emb", "8"}}), "factored");
  refused(yml_with({{"transformer-decoder-autoreg", "average-attention"}}), "transformer-decoder-autoreg");
  refused(yml_with({{"transformer-train-position-embeddings", "true"}}), "learned positions");
  refused(yml_with({{"transformer-ffn-activation", "gelu"}}), "gelu");
  refused(yml_with({{"transformer-preprocess", "n"}, {"transformer-postprocess", "da"}}), "postprocess-top");
  refused("[1, 2]", "mapping");
}
