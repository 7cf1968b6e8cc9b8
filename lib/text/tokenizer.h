#pragma once
// Tokenizer: a SentencePiece model plus the ICU normalisation in front of it. The one
// object the tools share: tolmach-tokenize uses it line by line, the trainer and the
// translator use it to turn text into ids and ids back into text.
//
// encode(x) = SentencePiece(lowercase?(icu_form(x))); decode(ids) = the same ICU step
// applied to SentencePiece's decoding (idempotent), so decode(encode(x)) == normalize(x)
// for text the model covers. Normalisation is lossy (case, compatibility forms): it is
// not undone, by design. Thread-safe: every method is const and the model is shared.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "text/normalize.h"
#include "text/vocab.h"

namespace sentencepiece { class SentencePieceProcessor; }

namespace tolmach {

// The file `tolmach-tokenize train` writes next to P.model to record its ICU settings
// (P.tolmach.json), so encoding later uses the normalisation the model was trained on.
std::string normalize_sidecar_path(const std::string& model_path);
void write_normalize_sidecar(const std::string& model_path, const NormalizeOptions& options);
std::optional<NormalizeOptions> read_normalize_sidecar(const std::string& model_path);
// The file next to P.model that gives its pieces ids of their own (P.ids.yml, a Marian YAML
// vocabulary: piece_map.h), so a model directory keeps Marian's ids beside the SentencePiece
// model that segments its text; Tokenizer::load reads it when it is there.
std::string piece_map_path(const std::string& model_path);
// Copies a SentencePiece model and its sidecars (normalisation, piece map); nothing when `to`
// is `from`. `piece_map` (a YAML vocabulary) replaces from's own piece map; a sidecar that
// `to` has and the copy does not is removed, so a stale one cannot change the ids.
void copy_vocabulary(const std::string& from, const std::string& to, const std::string& piece_map = "");

class Tokenizer;
// tokenizer.vocab().model_ids(), or InputError(model_path) when it cannot serve a model.
ModelIds model_ids(const Tokenizer& tokenizer, const std::string& model_path);
// The file that gives a tokenizer's ids, to name in errors: its piece map, or the model.
std::string ids_file(const Tokenizer& tokenizer, const std::string& model_path);

class Tokenizer {
 public:
  // Loads a .model file; throws InputError(model_path) when it is missing or corrupt.
  // `normalize` overrides the sidecar; without either there is no ICU step.
  // `extra_options` are SentencePiece's encode options ("bos:eos", "reverse").
  static Tokenizer load(const std::string& model_path,
                        std::optional<NormalizeOptions> normalize = std::nullopt,
                        const std::string& extra_options = "");
  // A SentencePiece model that segments the text of a vocabulary with ids of its own (a
  // Marian YAML vocabulary, piece_map.h), in place of a sidecar piece map; throws InputError
  // naming the file that is missing or bad.
  static Tokenizer load_with_ids(const std::string& model_path, const std::string& piece_map);

  const Vocab& vocab() const { return vocab_; }
  const NormalizeOptions& normalize_options() const { return normalizer_.options(); }
  std::string normalize(std::string_view text) const { return normalizer_(text); }

  // The best segmentation (what spm_encode prints). Ids are the vocabulary's: with a piece
  // map, each piece's id there (<unk> for a piece it lacks, as Marian reads spm_encode's pieces).
  std::vector<std::string> encode_pieces(std::string_view text) const;
  std::vector<int> encode_ids(std::string_view text) const;

  // Subword regularisation: unigram samples one of the `nbest` best segmentations
  // (-1: the whole lattice) with smoothing `alpha`; BPE drops merges with probability
  // `alpha` (BPE-dropout). Random: seed with set_random_seed().
  std::vector<std::string> sample_pieces(std::string_view text, int nbest, float alpha) const;
  std::vector<int> sample_ids(std::string_view text, int nbest, float alpha) const;

  // The n best segmentations, best first (unigram models only).
  std::vector<std::vector<std::string>> nbest_pieces(std::string_view text, int n) const;
  std::vector<std::vector<int>> nbest_ids(std::string_view text, int n) const;

  // Whether this model type offers n-best lists (unigram) / sampling (unigram, BPE), so
  // tools can reject a request up front instead of failing on the first line.
  bool supports_nbest() const;
  bool supports_sampling() const;

  // Throws std::out_of_range naming an id outside the vocabulary.
  std::string decode_ids(const std::vector<int>& ids) const;
  std::string decode_pieces(const std::vector<std::string>& pieces) const;

 private:
  Tokenizer(std::shared_ptr<sentencepiece::SentencePieceProcessor> sp, NormalizeOptions norm,
            std::shared_ptr<const PieceMap> ids);

  std::vector<int> mapped_ids(const std::vector<std::string>& pieces) const;

  // Calls f with the normalised text (the text itself, uncopied, when there is no ICU step).
  template <typename F>
  void normalized(std::string_view text, F&& f) const {
    if (normalizer_.options().identity()) return f(text);
    const std::string norm = normalizer_(text);
    f(std::string_view(norm));
  }

  std::shared_ptr<const sentencepiece::SentencePieceProcessor> sp_;
  TextNormalizer normalizer_;
  Vocab vocab_;
};

// Seed for SentencePiece's sampling generator. It is thread-local and seeded on a thread's
// first draw, so set this before any sampling; every thread then starts from the same seed.
void set_random_seed(unsigned seed);

}  // namespace tolmach
