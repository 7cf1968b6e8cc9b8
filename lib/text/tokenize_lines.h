#pragma once
// What tolmach-tokenize does to one line, as LineFunctions for filter_lines: encode (pieces or
// ids; n-best lists; subword sampling), decode, or ICU word tokens. Output as spm_encode /
// spm_decode print it: tokens joined by single spaces, n-best candidates one per line.
#include <memory>
#include <string>

#include "text/line_filter.h"
#include "text/normalize.h"
#include "text/tokenizer.h"
#include "text/word_segmenter.h"

namespace tolmach {

struct EncodeFormat {
  bool ids = false;   // ids instead of pieces
  int nbest = 0;      // > 0 without sampling: the N best segmentations
  bool sample = false;
  int sample_nbest = -1;  // with sample: sample from the N best (-1: all)
  float alpha = 0.f;      // with sample: unigram smoothing or BPE-dropout probability
};

// UsageError when `tok` cannot do what `format` asks (n-best needs unigram, sampling a model
// type that has it).
void check_encode_format(const Tokenizer& tok, const EncodeFormat& format);

// `tok` (and `normalizer`) must outlive the function.
LineFunction encode_line_function(const Tokenizer& tok, const EncodeFormat& format);
// Pieces or ids (a token that is not an id: std::invalid_argument, named by filter_lines).
LineFunction decode_line_function(const Tokenizer& tok, bool ids);
// ICU word tokens after normalising, with its own copy of `segmenter` (make one function per
// worker thread: a segmenter's break iterator is not shared).
LineFunction words_line_function(const TextNormalizer& normalizer, const WordSegmenter& segmenter);

}  // namespace tolmach
