#include "models/rnn_attention/config.h"

#include <stdexcept>

namespace tolmach::rnn {

namespace {

const char* const kScoreFunctions[] = {"dot", "scaled-dot", "general", "additive", "cosine", "location"};

// j[key] as T, or `fallback` when absent; a value of the wrong JSON type is an error.
template <class T> T get(const nlohmann::json& j, const char* key, T fallback) {
  auto it = j.find(key);
  if (it == j.end()) return fallback;
  try {
    return it->get<T>();
  } catch (const nlohmann::json::exception&) {
    throw std::invalid_argument(std::string("model config: \"") + key + "\" has the wrong type (" +
                                it->dump() + ")");
  }
}

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument("model config: " + what);
}

}  // namespace

bool is_score_function(const std::string& name) {
  for (const char* s : kScoreFunctions)
    if (name == s) return true;
  return false;
}

RnnConfig RnnConfig::from_json(const nlohmann::json& j) {
  require(j.is_object(), "not a JSON object");
  require(get<std::string>(j, "type", "rnn") == "rnn", "type is not \"rnn\"");
  RnnConfig c;
  c.dim_emb = get<int64_t>(j, "dim-emb", c.dim_emb);
  c.dim_rnn = get<int64_t>(j, "dim-rnn", c.dim_rnn);
  c.enc_depth = get<int>(j, "enc-depth", c.enc_depth);
  c.dec_depth = get<int>(j, "dec-depth", c.dec_depth);
  c.attention = get<std::string>(j, "attention", c.attention);
  c.attention_window = get<int>(j, "attention-window", c.attention_window);
  c.attention_max_length = get<int64_t>(j, "attention-max-length", c.attention_max_length);
  c.dropout = get<float>(j, "dropout", c.dropout);
  c.tied_embeddings = get<bool>(j, "tied-embeddings", c.tied_embeddings);
  c.src_vocab_size = get<int64_t>(j, "src-vocab-size", 0);
  c.tgt_vocab_size = get<int64_t>(j, "tgt-vocab-size", 0);
  c.pad_id = get<int>(j, "pad-id", c.pad_id);
  c.bos_id = get<int>(j, "bos-id", c.bos_id);
  c.eos_id = get<int>(j, "eos-id", c.eos_id);

  require(c.dim_emb > 0 && c.dim_rnn > 0, "dim-emb and dim-rnn must be positive");
  require(c.enc_depth >= 1 && c.dec_depth >= 1, "enc-depth and dec-depth must be at least 1");
  require(is_score_function(c.attention),
          "attention \"" + c.attention + "\" is not one of dot, scaled-dot, general, additive, cosine, location");
  require(c.attention_window >= 0, "attention-window must be >= 0");
  require(c.attention_max_length >= 1, "attention-max-length must be >= 1");
  require(c.dropout >= 0.f && c.dropout < 1.f, "dropout must be in [0, 1)");
  require(c.src_vocab_size > 0 && c.tgt_vocab_size > 0, "src-vocab-size and tgt-vocab-size must be positive");
  for (int id : {c.pad_id, c.bos_id, c.eos_id})
    require(id >= 0 && id < c.src_vocab_size && id < c.tgt_vocab_size, "pad/bos/eos ids must be inside both vocabularies");
  require(!c.tied_embeddings || c.dim_emb == c.dim_rnn,
          "tied-embeddings needs dim-emb == dim-rnn (the output layer reads the dim-rnn attentional vector)");

  static const char* const known[] = {"type", "dim-emb", "dim-rnn", "enc-depth", "dec-depth", "attention",
                                      "attention-window", "attention-max-length", "dropout", "tied-embeddings",
                                      "src-vocab-size", "tgt-vocab-size", "pad-id", "bos-id", "eos-id"};
  c.extra = j;
  for (const char* k : known) c.extra.erase(k);
  return c;
}

nlohmann::json RnnConfig::to_json() const {
  nlohmann::json j = extra;
  j["type"] = "rnn";
  j["dim-emb"] = dim_emb;
  j["dim-rnn"] = dim_rnn;
  j["enc-depth"] = enc_depth;
  j["dec-depth"] = dec_depth;
  j["attention"] = attention;
  j["attention-window"] = attention_window;
  j["attention-max-length"] = attention_max_length;
  j["dropout"] = dropout;
  j["tied-embeddings"] = tied_embeddings;
  j["src-vocab-size"] = src_vocab_size;
  j["tgt-vocab-size"] = tgt_vocab_size;
  j["pad-id"] = pad_id;
  j["bos-id"] = bos_id;
  j["eos-id"] = eos_id;
  return j;
}

}  // namespace tolmach::rnn
