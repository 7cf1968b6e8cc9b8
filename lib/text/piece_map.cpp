#include "text/piece_map.h"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "base/error.h"

namespace tolmach {
namespace {

size_t line_of(const YAML::Node& n) { return static_cast<size_t>(n.Mark().line + 1); }

// One `piece: id` entry, checked for its kinds; the id's range is checked once all are read.
std::pair<std::string, long long> entry(const YAML::Node& key, const YAML::Node& value, const std::string& file) {
  if (!key.IsScalar()) throw InputError(file, line_of(key), "a piece must be a string");
  long long id = 0;
  if (!value.IsScalar() || !YAML::convert<long long>::decode(value, id))
    throw InputError(file, line_of(key), "the id of '" + key.Scalar() + "' is not an integer");
  return {key.Scalar(), id};
}

}  // namespace

PieceMap PieceMap::parse(const std::string& text, const std::string& file) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw InputError(file, static_cast<size_t>(e.mark.line + 1), "not YAML: " + e.msg);
  }
  if (!root.IsMap() || root.size() == 0) throw InputError(file, 0, "not a map of piece: id (a Marian YAML vocabulary)");
  PieceMap m;
  m.file_ = file;
  m.pieces_.resize(root.size());
  std::vector<bool> taken(root.size(), false);
  for (const auto& kv : root) {
    const auto [piece, id] = entry(kv.first, kv.second, file);
    const size_t line = line_of(kv.first);
    if (id < 0 || id >= static_cast<long long>(root.size()))
      throw InputError(file, line, "'" + piece + "' has id " + std::to_string(id) + ": the ids of " +
                                       std::to_string(root.size()) + " pieces must be 0.." +
                                       std::to_string(root.size() - 1));
    if (!m.ids_.emplace(piece, static_cast<int>(id)).second)
      throw InputError(file, line, "the piece '" + piece + "' appears twice");
    if (taken[static_cast<size_t>(id)])
      throw InputError(file, line, "'" + piece + "' has id " + std::to_string(id) + ", as '" +
                                       m.pieces_[static_cast<size_t>(id)] + "' has");
    taken[static_cast<size_t>(id)] = true;
    m.pieces_[static_cast<size_t>(id)] = piece;
  }
  // Marian's DefaultVocab refuses a vocabulary without either.
  for (const char* special : {"</s>", "<unk>"})
    if (!m.ids_.count(special)) throw InputError(file, 0, std::string("no ") + special + " (Marian requires it)");
  m.eos_ = m.ids_.at("</s>");
  m.unk_ = m.ids_.at("<unk>");
  return m;
}

PieceMap PieceMap::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, std::string("cannot open: ") + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), path);
}

int PieceMap::id(std::string_view piece) const {
  const auto it = ids_.find(std::string(piece));
  return it == ids_.end() ? unk_ : it->second;
}

}  // namespace tolmach
