#include "text/vocab.h"

#include <sentencepiece_processor.h>

#include <stdexcept>

#include "text/piece_map.h"

namespace tolmach {

Vocab::Vocab(std::shared_ptr<const sentencepiece::SentencePieceProcessor> sp, std::shared_ptr<const PieceMap> ids)
    : sp_(std::move(sp)), map_(std::move(ids)) {}

int Vocab::size() const { return map_ ? map_->size() : sp_->GetPieceSize(); }

const std::string& Vocab::piece(int id) const {
  if (!contains(id)) throw std::out_of_range("id " + std::to_string(id) + " is outside the vocabulary of " +
                                             std::to_string(size()));
  return map_ ? map_->piece(id) : sp_->IdToPiece(id);
}

int Vocab::id(std::string_view piece) const {
  return map_ ? map_->id(piece) : sp_->PieceToId(piece);
}

bool Vocab::is_control(int id) const {
  if (map_) return id == map_->eos_id();
  return contains(id) && sp_->IsControl(id);
}
int Vocab::pad_id() const { return map_ ? -1 : sp_->pad_id(); }
int Vocab::unk_id() const { return map_ ? map_->unk_id() : sp_->unk_id(); }
int Vocab::bos_id() const { return map_ ? -1 : sp_->bos_id(); }
int Vocab::eos_id() const { return map_ ? map_->eos_id() : sp_->eos_id(); }

nlohmann::json vocab_config(const ModelIds& source, const ModelIds& target) {
  nlohmann::json j = {{"src-vocab-size", source.model_size}, {"tgt-vocab-size", target.model_size},
                      {"pad-id", target.pad}, {"bos-id", target.bos}, {"eos-id", target.eos}};
  if (source.pad != target.pad) j["src-pad-id"] = source.pad;
  return j;
}

std::vector<std::string> vocab_file_names(bool joint) {
  if (joint) return {"vocab.model", "vocab.model"};
  return {"vocab.src.model", "vocab.trg.model"};
}

ModelIds Vocab::model_ids() const {
  if (eos_id() < 0) throw std::invalid_argument("the vocabulary has no eos id (</s>)");
  ModelIds ids{pad_id(), bos_id(), eos_id(), unk_id(), size()};
  if (ids.pad < 0) ids.pad = ids.model_size++;
  if (ids.bos < 0) ids.bos = ids.model_size++;
  return ids;
}

}  // namespace tolmach
