#include "text/tokenizer.h"

#include <cerrno>
#include <cstring>
#include <sentencepiece_processor.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "io/atomic_file.h"
#include "base/error.h"
#include "text/piece_map.h"

namespace tolmach {
namespace {

void check(const sentencepiece::util::Status& status) {
  if (!status.ok()) throw std::runtime_error(status.ToString());
}

// P.model -> P + suffix (any other name: name + suffix).
std::string sidecar_path(const std::string& model_path, const std::string& suffix) {
  const std::string ext = ".model";
  if (model_path.size() > ext.size() &&
      model_path.compare(model_path.size() - ext.size(), ext.size(), ext) == 0)
    return model_path.substr(0, model_path.size() - ext.size()) + suffix;
  return model_path + suffix;
}

std::shared_ptr<sentencepiece::SentencePieceProcessor> load_processor(const std::string& model_path) {
  auto sp = std::make_shared<sentencepiece::SentencePieceProcessor>();
  {
    std::ifstream probe(model_path, std::ios::binary);
    if (!probe) throw InputError(model_path, 0, std::string("cannot open: ") + std::strerror(errno));
  }
  const auto status = sp->Load(model_path);
  if (!status.ok())
    throw InputError(model_path, 0, "not a valid SentencePiece model (" + status.ToString() + ")");
  return sp;
}

}  // namespace

std::string normalize_sidecar_path(const std::string& model_path) { return sidecar_path(model_path, ".tolmach.json"); }
std::string piece_map_path(const std::string& model_path) { return sidecar_path(model_path, ".ids.yml"); }

void write_normalize_sidecar(const std::string& model_path, const NormalizeOptions& options) {
  nlohmann::json j = {{"normalize", norm_form_name(options.form)},
                      {"lowercase", options.lowercase},
                      {"locale", options.locale}};
  write_file_atomic(normalize_sidecar_path(model_path), j.dump(2) + "\n");
}

void copy_vocabulary(const std::string& from, const std::string& to, const std::string& piece_map) {
  namespace fs = std::filesystem;
  if (fs::exists(to) && fs::equivalent(from, to)) return;
  // Through AtomicFile: a full disk or a kill must not leave a truncated vocabulary behind.
  // A joint vocabulary is copied once (the second copy would find the same bytes there).
  const auto read = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
  };
  const auto copy = [&](const std::string& src, const std::string& dst) {
    if (!fs::is_regular_file(src)) throw InputError(src, 0, "cannot open");
    const std::string bytes = read(src);
    if (fs::exists(dst) && fs::file_size(dst) == bytes.size() && read(dst) == bytes) return;
    write_file_atomic(dst, bytes);
  };
  const auto copy_or_remove = [&](const std::string& src, const std::string& dst) {
    if (fs::exists(src)) copy(src, dst);
    else fs::remove(dst);
  };
  copy(from, to);
  copy_or_remove(normalize_sidecar_path(from), normalize_sidecar_path(to));
  if (!piece_map.empty()) copy(piece_map, piece_map_path(to));
  else copy_or_remove(piece_map_path(from), piece_map_path(to));
}

std::optional<NormalizeOptions> read_normalize_sidecar(const std::string& model_path) {
  const std::string path = normalize_sidecar_path(model_path);
  std::ifstream in(path);
  if (!in) return std::nullopt;
  try {
    const nlohmann::json j = nlohmann::json::parse(in);
    NormalizeOptions options;
    options.form = parse_norm_form(j.at("normalize").get<std::string>());
    options.lowercase = j.at("lowercase").get<bool>();
    options.locale = j.value("locale", "");
    return options;
  } catch (const std::exception& e) {
    throw InputError(path, 0, std::string("bad normalisation settings: ") + e.what());
  }
}

Tokenizer::Tokenizer(std::shared_ptr<sentencepiece::SentencePieceProcessor> sp, NormalizeOptions norm,
                     std::shared_ptr<const PieceMap> ids)
    : sp_(std::move(sp)), normalizer_(std::move(norm)), vocab_(sp_, std::move(ids)) {}

Tokenizer Tokenizer::load(const std::string& model_path, std::optional<NormalizeOptions> normalize,
                          const std::string& extra_options) {
  auto sp = load_processor(model_path);
  if (!extra_options.empty()) {
    const auto opt_status = sp->SetEncodeExtraOptions(extra_options);
    if (!opt_status.ok()) throw UsageError("--extra-options: " + opt_status.ToString());
  }
  if (!normalize) normalize = read_normalize_sidecar(model_path);
  const std::string map_path = piece_map_path(model_path);
  std::shared_ptr<const PieceMap> ids;
  if (std::filesystem::exists(map_path)) ids = std::make_shared<PieceMap>(PieceMap::load(map_path));
  return Tokenizer(std::move(sp), normalize.value_or(NormalizeOptions{}), std::move(ids));
}

Tokenizer Tokenizer::load_with_ids(const std::string& model_path, const std::string& piece_map) {
  auto ids = std::make_shared<PieceMap>(PieceMap::load(piece_map));
  return Tokenizer(load_processor(model_path), read_normalize_sidecar(model_path).value_or(NormalizeOptions{}),
                   std::move(ids));
}

std::vector<int> Tokenizer::mapped_ids(const std::vector<std::string>& pieces) const {
  std::vector<int> ids;
  ids.reserve(pieces.size());
  for (const std::string& p : pieces) ids.push_back(vocab_.id(p));
  return ids;
}

std::vector<std::string> Tokenizer::encode_pieces(std::string_view text) const {
  std::vector<std::string> out;
  normalized(text, [&](std::string_view t) { check(sp_->Encode(t, &out)); });
  return out;
}

std::vector<int> Tokenizer::encode_ids(std::string_view text) const {
  if (vocab_.piece_map()) return mapped_ids(encode_pieces(text));
  std::vector<int> out;
  normalized(text, [&](std::string_view t) { check(sp_->Encode(t, &out)); });
  return out;
}

std::vector<std::string> Tokenizer::sample_pieces(std::string_view text, int nbest, float alpha) const {
  std::vector<std::string> out;
  normalized(text, [&](std::string_view t) { check(sp_->SampleEncode(t, nbest, alpha, &out)); });
  return out;
}

std::vector<int> Tokenizer::sample_ids(std::string_view text, int nbest, float alpha) const {
  if (vocab_.piece_map()) return mapped_ids(sample_pieces(text, nbest, alpha));
  std::vector<int> out;
  normalized(text, [&](std::string_view t) { check(sp_->SampleEncode(t, nbest, alpha, &out)); });
  return out;
}

std::vector<std::vector<std::string>> Tokenizer::nbest_pieces(std::string_view text, int n) const {
  std::vector<std::vector<std::string>> out;
  normalized(text, [&](std::string_view t) { check(sp_->NBestEncode(t, n, &out)); });
  return out;
}

std::vector<std::vector<int>> Tokenizer::nbest_ids(std::string_view text, int n) const {
  std::vector<std::vector<int>> out;
  if (vocab_.piece_map()) {
    for (const auto& pieces : nbest_pieces(text, n)) out.push_back(mapped_ids(pieces));
    return out;
  }
  normalized(text, [&](std::string_view t) { check(sp_->NBestEncode(t, n, &out)); });
  return out;
}

// SentencePiece only says so by failing: probe with a one-word text.
bool Tokenizer::supports_nbest() const {
  std::vector<std::vector<int>> out;
  return sp_->NBestEncode("a", 1, &out).ok();
}

bool Tokenizer::supports_sampling() const {
  // On a thread of its own: sampling draws from a thread-local generator, seeded on first
  // use, and the caller's must stay untouched (same seed, same samples as spm_encode).
  bool ok = false;
  std::thread([&] {
    std::vector<int> out;
    ok = sp_->SampleEncode("a", -1, 0.1f, &out).ok();
  }).join();
  return ok;
}

std::string Tokenizer::decode_ids(const std::vector<int>& ids) const {
  for (int id : ids)
    if (!vocab_.contains(id))
      throw std::out_of_range("id " + std::to_string(id) + " is outside the vocabulary (size " +
                              std::to_string(vocab_.size()) + ")");
  if (vocab_.piece_map()) {  // the map's pieces, decoded as spm_decode decodes marian-decoder's output
    std::vector<std::string> pieces;
    for (int id : ids) pieces.push_back(vocab_.piece(id));
    return decode_pieces(pieces);
  }
  std::string out;
  check(sp_->Decode(ids, &out));
  return normalizer_.options().identity() ? out : normalizer_(out);
}

std::string Tokenizer::decode_pieces(const std::vector<std::string>& pieces) const {
  std::string out;
  check(sp_->Decode(pieces, &out));
  return normalizer_.options().identity() ? out : normalizer_(out);
}

void set_random_seed(unsigned seed) { sentencepiece::SetRandomGeneratorSeed(seed); }

std::string ids_file(const Tokenizer& tokenizer, const std::string& model_path) {
  const PieceMap* map = tokenizer.vocab().piece_map();
  return map ? map->file() : model_path;
}

ModelIds model_ids(const Tokenizer& tokenizer, const std::string& model_path) {
  try {
    return tokenizer.vocab().model_ids();
  } catch (const std::invalid_argument& e) {
    throw InputError(model_path, 0, e.what());
  }
}

}  // namespace tolmach
