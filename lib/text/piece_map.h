#pragma once
// A vocabulary's own piece <-> id map, layered over the SentencePiece model that segments the
// text: a Marian YAML vocabulary (OPUS-MT's *.vocab.yml), `piece: id` in Marian's id order
// (`</s>: 0`, `<unk>: 1`, then the pieces by frequency), which is not SentencePiece's. Marian
// reads the pieces spm_encode wrote and looks each up here (a piece the map lacks is <unk>);
// Vocab and Tokenizer do the same when a model has such a map (vocab.h, tokenizer.h).
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tolmach {

class PieceMap {
 public:
  // Reads a YAML (or JSON) map of piece -> id. Throws InputError naming `file` (and the line)
  // when it is not one: a non-scalar piece or id, a duplicate piece or id, ids that are not
  // 0..N-1, or no `</s>` / `<unk>` (Marian requires both).
  static PieceMap parse(const std::string& text, const std::string& file);
  static PieceMap load(const std::string& path);  // InputError too for a file it cannot open

  const std::string& file() const { return file_; }
  int size() const { return static_cast<int>(pieces_.size()); }
  const std::string& piece(int id) const { return pieces_.at(static_cast<size_t>(id)); }
  int id(std::string_view piece) const;  // unk_id() for a piece the map lacks
  int eos_id() const { return eos_; }
  int unk_id() const { return unk_; }

 private:
  std::string file_;
  std::vector<std::string> pieces_;
  std::unordered_map<std::string, int> ids_;
  int eos_ = -1, unk_ = -1;
};

}  // namespace tolmach
