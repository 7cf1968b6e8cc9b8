#pragma once
// Marian model import (tolmach-convert -f model.npz --vocabs ...): a transformer trained by
// Marian 1.12 (or an OPUS-MT model) becomes a tolmach model directory that translates as
// marian-decoder does (with a YAML vocabulary: as spm_encode | marian-decoder | spm_decode).
// Parameter names map one to one (Marian's [in, out] matrices transposed to tolmach's
// [out, in]; q/k/v fused); every array of the .npz must be used, so a Marian feature tolmach
// lacks is refused rather than silently dropped.
#include <string>
#include <vector>

#include "nn/precision.h"

namespace tolmach::marian {

struct ImportOptions {
  std::string model;                // Marian's model.npz
  std::vector<std::string> vocabs;  // .spm or .yml vocabularies: one (joint) or source and target
  std::vector<std::string> spms;    // with YAML vocabularies: their SentencePiece models (marian_vocab.h)
  std::string output;               // model directory to write
  nn::Precision precision = nn::Precision::float32;
};

// Throws InputError naming the file for what it cannot import; the output is written atomically.
void import_model(const ImportOptions& options);

// Whether `path` is a file in zip format (an .npz), not a model directory.
bool is_npz(const std::string& path);

}  // namespace tolmach::marian
