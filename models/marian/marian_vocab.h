#pragma once
// A Marian model's vocabularies (tolmach-convert --vocabs, --spm) as tolmach tokenizers. A
// SentencePiece model (.spm) is one as it is. A YAML vocabulary (.yml, .yaml, .json: piece ->
// id in Marian's order, OPUS-MT's layout) cannot segment text: Marian reads what spm_encode
// wrote, so the SentencePiece model that segments each side comes from --spm or, without it,
// from source.spm / target.spm beside the .yml, and the YAML becomes its piece map.
#include <array>
#include <string>
#include <vector>

#include "text/tokenizer.h"

namespace tolmach::marian {

struct MarianVocab {
  std::string spm;  // the SentencePiece model that segments the text
  std::string yml;  // its piece map (a YAML vocabulary), or "" when the .spm gives the ids
  const std::string& ids_file() const { return yml.empty() ? spm : yml; }
  bool operator==(const MarianVocab& o) const { return spm == o.spm && yml == o.yml; }
};

// --vocabs (one joint, or source and target) and --spm (one or two) as the source's and the
// target's vocabularies. Throws UsageError for wrong counts or --spm without a YAML vocabulary,
// InputError naming a YAML vocabulary whose SentencePiece model is missing, or a factored one.
std::array<MarianVocab, 2> marian_vocabs(const std::vector<std::string>& vocabs, const std::vector<std::string>& spms);

// The tokenizer of a side: the .spm's own ids, or the YAML vocabulary's over its pieces.
Tokenizer load_vocab(const MarianVocab& vocab);

}  // namespace tolmach::marian
