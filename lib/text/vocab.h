#pragma once
// Read-only view of a SentencePiece model's vocabulary: what the NMT models and the
// batcher need (size, piece <-> id, special ids) without including SentencePiece. With a
// PieceMap (a Marian YAML vocabulary, piece_map.h) the ids are the map's instead: its size,
// its pieces, its </s> and <unk>, neither pad nor bos (Marian has none).
//
// Special ids of models made by `tolmach-tokenize train` (see subword_trainer.h):
// pad=0, unk=1, bos=2, eos=3, so that zero-filled id tensors are padding. Models made
// by spm_train keep theirs (SentencePiece's defaults: unk=0 bos=1 eos=2, no pad = -1),
// as do Marian's (eos=0 unk=1, neither pad nor bos); see model_ids().
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace sentencepiece { class SentencePieceProcessor; }

namespace tolmach {

class PieceMap;

// The special ids a model uses with a vocabulary. A pad or bos the SentencePiece model lacks
// gets an id of tolmach's own after its last piece (pad first, then bos), so the model's
// embedding and output tables have `model_size` rows. Neither id is ever read from text or
// written to it: padding is masked, and bos only starts the decoder (Marian starts it from a
// zero vector, which an imported model's bos row is).
struct ModelIds {
  int pad, bos, eos, unk;
  int model_size;  // pieces + ids of tolmach's own
};

// The config.json keys that record the vocabularies a model was made for: "src-vocab-size",
// "tgt-vocab-size" (model sizes), "pad-id", "bos-id", "eos-id" (the target's), and "src-pad-id"
// when the source pads with another id. Call batch_shape() first: it checks the eos ids agree.
nlohmann::json vocab_config(const ModelIds& source, const ModelIds& target);

// The names of a model directory's SentencePiece models: one joint, or source and target.
std::vector<std::string> vocab_file_names(bool joint);

class Vocab {
 public:
  explicit Vocab(std::shared_ptr<const sentencepiece::SentencePieceProcessor> sp,
                 std::shared_ptr<const PieceMap> ids = nullptr);

  const PieceMap* piece_map() const { return map_.get(); }  // null: SentencePiece's own ids

  int size() const;
  const std::string& piece(int id) const;  // throws std::out_of_range
  int id(std::string_view piece) const;    // unk_id() for pieces not in the vocabulary
  bool contains(int id) const { return id >= 0 && id < size(); }
  bool is_control(int id) const;           // <s>, </s>, <pad> (a map's </s>): never produced by encode

  int pad_id() const;  // -1 when the model has none
  int unk_id() const;
  int bos_id() const;  // -1 when disabled
  int eos_id() const;  // -1 when disabled

  // Throws std::invalid_argument when the model has no eos (a decoder could never stop).
  ModelIds model_ids() const;

 private:
  std::shared_ptr<const sentencepiece::SentencePieceProcessor> sp_;
  std::shared_ptr<const PieceMap> map_;
};

}  // namespace tolmach
