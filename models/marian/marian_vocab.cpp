#include "models/marian/marian_vocab.h"

#include <filesystem>

#include "base/error.h"

namespace fs = std::filesystem;

namespace tolmach::marian {
namespace {

// The suffixes Marian's DefaultVocab reads as YAML (JSON is YAML too).
bool is_yaml(const std::string& path) {
  const std::string ext = fs::path(path).extension().string();
  return ext == ".yml" || ext == ".yaml" || ext == ".json";
}

// OPUS-MT's layout: source.spm and target.spm beside the YAML vocabulary.
std::string spm_beside(const std::string& yml, size_t side) {
  const std::string name = side == 0 ? "source.spm" : "target.spm";
  const fs::path spm = fs::path(yml).parent_path() / name;
  if (!fs::exists(spm))
    throw InputError(yml, 0, "a YAML vocabulary needs the SentencePiece model that segments the text: give --spm "
                             "SRC.spm [TRG.spm] (there is no " + name + " beside it, OPUS-MT's layout)");
  return spm.string();
}

}  // namespace

std::array<MarianVocab, 2> marian_vocabs(const std::vector<std::string>& vocabs, const std::vector<std::string>& spms) {
  if (vocabs.empty() || vocabs.size() > 2)
    throw UsageError("--vocabs needs the Marian model's vocabularies: one joint, or source and target");
  if (spms.size() > 2) throw UsageError("--spm takes one SentencePiece model (joint) or two (source and target)");
  std::array<MarianVocab, 2> sides;
  for (size_t side = 0; side < 2; ++side) {
    const std::string& v = side == 0 ? vocabs.front() : vocabs.back();
    if (fs::path(v).extension() == ".fsv") throw InputError(v, 0, "factored vocabularies are not supported");
    if (!is_yaml(v)) {
      sides[side].spm = v;
    } else {
      sides[side].yml = v;
      sides[side].spm = spms.empty() ? spm_beside(v, side) : side == 0 ? spms.front() : spms.back();
    }
  }
  if (!spms.empty() && sides[0].yml.empty() && sides[1].yml.empty())
    throw UsageError("--spm is for YAML vocabularies (--vocabs *.yml): a SentencePiece vocabulary segments "
                     "text itself");
  return sides;
}

Tokenizer load_vocab(const MarianVocab& vocab) {
  return vocab.yml.empty() ? Tokenizer::load(vocab.spm) : Tokenizer::load_with_ids(vocab.spm, vocab.yml);
}

}  // namespace tolmach::marian
