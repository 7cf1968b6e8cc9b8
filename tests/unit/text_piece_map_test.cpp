// PieceMap (a Marian YAML vocabulary) and Vocab / Tokenizer layered over it: ids are the map's,
// a piece it lacks is its <unk>, decoding goes back through the pieces; what is not a
// piece -> id map is refused naming the file and line. The end-to-end check (an OPUS-MT style
// import translates as spm_encode | marian-decoder | spm_decode) is tests/cli/convert_marian.sh.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "base/error.h"
#include "test_util.h"
#include "text/piece_map.h"
#include "text/tokenizer.h"

using namespace tolmach;

namespace {

// Marian's SentencePiece model of tests/data/marian/pre (eos 0, unk 1, then 32 pieces).
const std::string kSpm = std::string(TOLMACH_TEST_DATA) + "/marian/pre/src.spm";
const std::string kText = "with house woman sits with";

// A YAML vocabulary of kSpm's pieces in another order than its own (reversed after </s>, <unk>,
// as marian-vocab's frequency order differs from SentencePiece's), leaving out `drop`.
std::string reversed_yml(const std::string& drop = "") {
  const Tokenizer spm = Tokenizer::load(kSpm);
  std::string yml = "</s>: 0\n<unk>: 1\n";
  int id = 2;
  for (int k = spm.vocab().size() - 1; k >= 0; --k) {
    const std::string& p = spm.vocab().piece(k);
    if (p != "</s>" && p != "<unk>" && p != drop) yml += "\"" + p + "\": " + std::to_string(id++) + "\n";
  }
  return yml;
}

// The message of the InputError parse() throws, or a failure when it accepts `text`.
std::string refusal(const std::string& text) {
  try {
    PieceMap::parse(text, "v.yml");
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "v.yml");
    return e.what();
  }
  ADD_FAILURE() << "accepted: " << text;
  return "";
}

}  // namespace

TEST(PieceMap, RoundTripsPiecesAndIds) {
  const PieceMap m = PieceMap::parse("</s>: 0\n<unk>: 1\n\"\\u2581the\": 3\n'yes': 2\nnull_: 4\n", "v.yml");
  EXPECT_EQ(m.size(), 5);
  EXPECT_EQ(m.eos_id(), 0);
  EXPECT_EQ(m.unk_id(), 1);
  EXPECT_EQ(m.piece(2), "yes");  // a YAML boolean word, kept as the piece it is
  EXPECT_EQ(m.piece(3), "\xe2\x96\x81the");
  for (int id = 0; id < m.size(); ++id) EXPECT_EQ(m.id(m.piece(id)), id);
  EXPECT_EQ(m.id("no such piece"), 1);  // <unk>, as Marian maps it
  EXPECT_EQ(m.file(), "v.yml");
}

TEST(PieceMap, RefusesWhatIsNotAPieceIdMap) {
  auto says = [](const std::string& text, const std::string& what) {
    const std::string why = refusal(text);
    EXPECT_NE(why.find(what), std::string::npos) << text << " -> " << why;
  };
  says("", "not a map");
  says("- </s>\n- <unk>\n", "not a map");
  says("</s>: [0\n", "not YAML");
  says("</s>: 0\n[a, b]: 1\n", "v.yml:2: a piece must be a string");
  says("</s>: 0\n<unk>: one\n", "v.yml:2: the id of '<unk>' is not an integer");
  says("</s>: 0\n<unk>: 1.5\n", "not an integer");
  says("</s>: 0\n<unk>: 1\nx: 1\n", "v.yml:3: 'x' has id 1, as '<unk>' has");
  says("</s>: 0\n<unk>: 2\n", "v.yml:2: '<unk>' has id 2: the ids of 2 pieces must be 0..1");
  says("</s>: -1\n<unk>: 0\n", "'</s>' has id -1");
  says("</s>: 0\n<unk>: 1\n<unk>: 2\n", "v.yml:3: the piece '<unk>' appears twice");
  says("<unk>: 0\nx: 1\n", "no </s>");
  says("</s>: 0\nx: 1\n", "no <unk>");
}

TEST(PieceMap, LoadNamesTheFile) {
  test::TempDir dir;
  EXPECT_THROW(PieceMap::load(dir / "missing.yml"), InputError);
  test::write_bytes(dir / "v.yml", "</s>: 0\n");
  try {
    PieceMap::load(dir / "v.yml");
    ADD_FAILURE() << "accepted a map without <unk>";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), dir / "v.yml");
  }
}

TEST(PieceMapTokenizer, IdsAreTheMapsAndDecodeAsTheModel) {
  test::TempDir dir;
  test::write_bytes(dir / "v.yml", reversed_yml());
  const Tokenizer spm = Tokenizer::load(kSpm);
  const Tokenizer mapped = Tokenizer::load_with_ids(kSpm, dir / "v.yml");
  const PieceMap map = PieceMap::load(dir / "v.yml");
  const Vocab& v = mapped.vocab();
  ASSERT_NE(v.piece_map(), nullptr);
  EXPECT_EQ(v.size(), spm.vocab().size());
  EXPECT_EQ(v.eos_id(), 0);
  EXPECT_EQ(v.unk_id(), 1);
  EXPECT_EQ(v.pad_id(), -1);
  EXPECT_EQ(v.bos_id(), -1);
  EXPECT_TRUE(v.is_control(0));
  EXPECT_FALSE(v.is_control(2));
  const ModelIds ids = v.model_ids();  // Marian has neither pad nor bos: tolmach's own after the pieces
  EXPECT_EQ(ids.pad, v.size());
  EXPECT_EQ(ids.bos, v.size() + 1);
  EXPECT_EQ(ids.model_size, v.size() + 2);

  const std::vector<std::string> pieces = spm.encode_pieces(kText);
  EXPECT_EQ(mapped.encode_pieces(kText), pieces);  // the SentencePiece model segments
  const std::vector<int> got = mapped.encode_ids(kText);
  ASSERT_EQ(got.size(), pieces.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], map.id(pieces[i])) << pieces[i];
  EXPECT_NE(got, spm.encode_ids(kText));  // ... and the ids are not SentencePiece's
  EXPECT_EQ(mapped.decode_ids(got), kText);
  EXPECT_EQ(mapped.sample_ids(kText, 1, 0.f), got);  // BPE without dropout: the best segmentation
  EXPECT_THROW(mapped.decode_ids({v.size()}), std::out_of_range);
}

TEST(PieceMapTokenizer, APieceTheMapLacksIsItsUnk) {
  test::TempDir dir;
  const Tokenizer spm = Tokenizer::load(kSpm);
  const std::string dropped = spm.encode_pieces(kText)[0];  // "▁w"
  test::write_bytes(dir / "v.yml", reversed_yml(dropped));
  const Tokenizer mapped = Tokenizer::load_with_ids(kSpm, dir / "v.yml");
  EXPECT_EQ(mapped.vocab().size(), spm.vocab().size() - 1);
  const std::vector<int> ids = mapped.encode_ids(kText);
  EXPECT_EQ(ids[0], 1);
  EXPECT_EQ(ids.back(), mapped.vocab().id(spm.encode_pieces(kText).back()));
  EXPECT_EQ(mapped.vocab().id(dropped), 1);
  // <unk> decodes as spm_decode decodes marian-decoder's "<unk>": SentencePiece's unknown surface.
  EXPECT_EQ(mapped.decode_ids({1}), spm.decode_pieces({"<unk>"}));
}

TEST(PieceMapTokenizer, TravelsBesideTheModelAsASidecar) {
  test::TempDir dir;
  test::write_bytes(dir / "v.yml", reversed_yml());
  EXPECT_EQ(piece_map_path(dir / "vocab.src.model"), dir / "vocab.src.ids.yml");
  copy_vocabulary(kSpm, dir / "vocab.model", dir / "v.yml");
  EXPECT_EQ(test::read_bytes(dir / "vocab.ids.yml"), test::read_bytes(dir / "v.yml"));
  const Tokenizer loaded = Tokenizer::load(dir / "vocab.model");  // reads vocab.ids.yml
  ASSERT_NE(loaded.vocab().piece_map(), nullptr);
  EXPECT_EQ(ids_file(loaded, dir / "vocab.model"), dir / "vocab.ids.yml");
  EXPECT_EQ(loaded.encode_ids(kText), Tokenizer::load_with_ids(kSpm, dir / "v.yml").encode_ids(kText));

  copy_vocabulary(dir / "vocab.model", dir / "copy.model");  // the sidecar comes along
  EXPECT_TRUE(std::filesystem::exists(dir / "copy.ids.yml"));
  copy_vocabulary(kSpm, dir / "copy.model");  // a plain model over it: the stale map goes
  EXPECT_FALSE(std::filesystem::exists(dir / "copy.ids.yml"));
  EXPECT_EQ(Tokenizer::load(dir / "copy.model").vocab().piece_map(), nullptr);

  test::write_bytes(dir / "vocab.ids.yml", "</s>: 0\n<unk>: 3\n");
  try {
    Tokenizer::load(dir / "vocab.model");
    ADD_FAILURE() << "accepted a bad piece map";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), dir / "vocab.ids.yml");
  }
}
