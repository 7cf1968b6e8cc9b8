#include "models/rnn_attention/config.h"

#include "base/float_text.h"
#include "models/config_fields.h"

namespace tolmach::rnn {

using config_json::get;
using config_json::require;

namespace {

const char* const kScoreFunctions[] = {"dot", "scaled-dot", "general", "additive", "cosine", "location"};

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

  require(c.dim_emb > 0 && c.dim_rnn > 0, "dim-emb and dim-rnn must be positive");
  require(c.enc_depth >= 1 && c.dec_depth >= 1, "enc-depth and dec-depth must be at least 1");
  require(is_score_function(c.attention),
          "attention \"" + c.attention + "\" is not one of dot, scaled-dot, general, additive, cosine, location");
  require(c.attention_window >= 0, "attention-window must be >= 0");
  require(c.attention_max_length >= 1, "attention-max-length must be >= 1");
  require(c.dropout >= 0.f && c.dropout < 1.f, "dropout must be in [0, 1)");
  c.read_vocab_fields(j);
  require(!c.tied_embeddings || c.dim_emb == c.dim_rnn,
          "tied-embeddings needs dim-emb == dim-rnn (the output layer reads the dim-rnn attentional vector)");

  static const char* const known[] = {"type", "dim-emb", "dim-rnn", "enc-depth", "dec-depth", "attention",
                                      "attention-window", "attention-max-length", "dropout", "tied-embeddings"};
  c.extra = config_json::unknown_keys(j, known);
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
  j["dropout"] = float_as_typed(dropout);
  j["tied-embeddings"] = tied_embeddings;
  write_vocab_fields(j);
  return j;
}

}  // namespace tolmach::rnn
