#pragma once
// Train a SentencePiece model (what spm_train does), reading the corpus through tolmach:
// every line is UTF-8-checked (errors name file and line) and passes the same ICU
// normalisation encode will apply, then SentencePiece samples and trains as usual.
// Outputs P.model, P.vocab (and P.tolmach.json when ICU normalisation is on), each
// written atomically: a failed run leaves no partial model.
#include <cstdint>
#include <string>
#include <vector>

#include "text/normalize.h"

namespace tolmach {

struct SubwordTrainOptions {
  std::vector<std::string> inputs;  // one or more text files, read in order
  std::string model_prefix;
  int vocab_size = 8000;
  std::string model_type = "unigram";  // bpe | unigram | char | word
  double character_coverage = 0.9995;
  uint64_t input_sentence_size = 0;    // > 0: keep at most this many lines ...
  bool shuffle_input_sentence = true;  // ... drawn uniformly (reservoir), not the first ones
  std::vector<std::string> user_defined_symbols;
  bool byte_fallback = false;
  bool split_digits = false;
  int64_t seed = -1;  // < 0: SentencePiece's default (random)
  int threads = 1;
  // SentencePiece's own rule inside the model, applied after the ICU step.
  std::string normalization_rule_name = "nmt_nfkc";
  // NMT-friendly special ids: pad=0 so that zero-filled id tensors are padding.
  int pad_id = 0, unk_id = 1, bos_id = 2, eos_id = 3;
  NormalizeOptions normalize;
  bool replace_invalid = false;  // U+FFFD for invalid UTF-8 instead of an error
  bool quiet = false;            // silence SentencePiece's progress log
};

// Throws InputError (bad corpus line, unreadable file), UsageError (bad settings
// SentencePiece rejects) or std::runtime_error (training failed).
void train_subword_model(const SubwordTrainOptions& options);

}  // namespace tolmach
