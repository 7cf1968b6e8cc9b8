#include "models/marian/import_marian.h"

#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "base/error.h"
#include "data/batch.h"
#include "io/npz.h"
#include "models/convert.h"
#include "models/marian/marian_config.h"
#include "models/marian/marian_vocab.h"
#include "models/seq2seq.h"
#include "nn/init.h"
#include "text/tokenizer.h"

namespace fs = std::filesystem;

namespace tolmach::marian {
namespace {

// Logit of the ids tolmach adds after the last piece (pad, bos): never chosen, and their
// probability (exp of it) is 0 in float, so every score stays Marian's.
constexpr float kNeverLogit = -1e9f;

// The arrays of one .npz, handed out by Marian name; what is never taken is refused at the end.
class MarianParams {
 public:
  MarianParams(std::map<std::string, NpyArray> arrays, std::string file)
      : arrays_(std::move(arrays)), file_(std::move(file)) {}

  bool has(const std::string& name) const { return arrays_.count(name) > 0; }

  const NpyArray& take(const std::string& name) {
    auto it = arrays_.find(name);
    if (it == arrays_.end()) throw InputError(file_, 0, "no parameter " + name);
    if (it->second.dtype != "f4") throw InputError(file_, 0, name + " is " + it->second.dtype + ", not float32");
    taken_.insert(name);
    return it->second;
  }

  std::vector<float> values(const std::string& name) { return take(name).floats(); }

  // W [in, out] as tolmach's [out, in].
  std::vector<float> transposed(const std::string& name) {
    const NpyArray& a = take(name);
    if (a.shape.size() != 2) throw InputError(file_, 0, name + " is not a matrix");
    const int64_t in = a.shape[0], out = a.shape[1];
    const std::vector<float> w = a.floats();
    std::vector<float> t(w.size());
    for (int64_t i = 0; i < in; ++i)
      for (int64_t o = 0; o < out; ++o) t[o * in + i] = w[i * out + o];
    return t;
  }

  void check_all_taken() const {
    for (const auto& [name, array] : arrays_)
      if (!taken_.count(name) && name.rfind("special:", 0) != 0)
        throw InputError(file_, 0, "parameter " + name + " belongs to a Marian feature tolmach does not import");
  }

 private:
  std::map<std::string, NpyArray> arrays_;
  std::set<std::string> taken_;
  std::string file_;
};

std::vector<float> concat(std::initializer_list<std::vector<float>> parts) {
  std::vector<float> all;
  for (const auto& p : parts) all.insert(all.end(), p.begin(), p.end());
  return all;
}

// rows x cols values grown to `rows_wanted` rows of `fill`.
std::vector<float> padded_rows(std::vector<float> v, int64_t rows_wanted, int64_t cols, float fill) {
  v.resize(static_cast<size_t>(rows_wanted * cols), fill);
  return v;
}

// tolmach parameter name -> values, for one attention block.
void attention(MarianParams& m, const std::string& from, const std::string& to, bool fused_qkv,
               std::map<std::string, std::vector<float>>& out) {
  auto W = [&](const char* x) { return m.transposed(from + "_W" + x); };
  auto b = [&](const char* x) { return m.values(from + "_b" + x); };
  if (fused_qkv) {
    out[to + ".qkv.weight"] = concat({W("q"), W("k"), W("v")});
    out[to + ".qkv.bias"] = concat({b("q"), b("k"), b("v")});
  } else {
    out[to + ".q.weight"] = W("q");
    out[to + ".q.bias"] = b("q");
    out[to + ".kv.weight"] = concat({W("k"), W("v")});
    out[to + ".kv.bias"] = concat({b("k"), b("v")});
  }
  out[to + ".out.weight"] = W("o");
  out[to + ".out.bias"] = b("o");
}

// Marian names a layer norm prefix_ln_scale, with "_pre" after it when it normalises a
// sublayer's input (pre-norm).
void layer_norm(MarianParams& m, const std::string& from, const std::string& suffix, const std::string& to,
                std::map<std::string, std::vector<float>>& out) {
  out[to + ".weight"] = m.values(from + "_ln_scale" + suffix);
  out[to + ".bias"] = m.values(from + "_ln_bias" + suffix);
}

void feed_forward(MarianParams& m, const std::string& from, const std::string& to,
                  std::map<std::string, std::vector<float>>& out) {
  out[to + ".w1.weight"] = m.transposed(from + "_W1");
  out[to + ".w1.bias"] = m.values(from + "_b1");
  out[to + ".w2.weight"] = m.transposed(from + "_W2");
  out[to + ".w2.bias"] = m.values(from + "_b2");
}

}  // namespace

bool is_npz(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  char magic[4] = {};
  return fs::is_regular_file(path) && f.read(magic, 4) && std::memcmp(magic, "PK\x03\x04", 4) == 0;
}

void import_model(const ImportOptions& o) {
  const std::array<MarianVocab, 2> vocabs = marian_vocabs(o.vocabs, o.spms);
  // Errors name the file that gives the ids (the .yml of a YAML vocabulary).
  const std::string& src_path = vocabs[0].ids_file();
  const std::string& trg_path = vocabs[1].ids_file();
  const Tokenizer src = load_vocab(vocabs[0]), trg = load_vocab(vocabs[1]);
  const ModelIds src_ids = model_ids(src, src_path), trg_ids = model_ids(trg, trg_path);

  std::map<std::string, NpyArray> arrays = read_npz(o.model);
  auto yml = arrays.find("special:model.yml");
  if (yml == arrays.end()) throw InputError(o.model, 0, "no special:model.yml: not a Marian model");
  nlohmann::json config;
  try {
    config = transformer_config(yml->second.text());
  } catch (const std::invalid_argument& e) {
    throw InputError(o.model, 0, e.what());
  }
  try {
    batch_shape(src_ids, trg_ids);  // the check that the two vocabularies can serve one model
  } catch (const std::invalid_argument& e) {
    throw InputError(trg_path, 0, e.what());
  }
  config.update(vocab_config(src_ids, trg_ids));
  config["vocabs"] = vocab_file_names(vocabs[0] == vocabs[1]);
  config["precision"] = nn::precision_name(o.precision);

  MarianParams m(std::move(arrays), o.model);
  const int64_t D = config["dim-emb"].get<int64_t>();
  const bool tied_all = config["tied-embeddings-all"], tied = config["tied-embeddings"];
  // Embeddings: the pieces' rows, then zero rows for tolmach's own ids (a zero bos row is
  // Marian's zero start vector).
  auto embedding = [&](const std::string& name, const Tokenizer& vocab, const ModelIds& ids, const std::string& path) {
    const NpyArray& a = m.take(name);
    if (a.shape.size() != 2 || a.shape[0] != vocab.vocab().size() || a.shape[1] != D)
      throw InputError(path, 0, "has " + std::to_string(vocab.vocab().size()) + " pieces, " + name + " of " +
                                    o.model + " has " + std::to_string(a.shape.empty() ? 0 : a.shape[0]) + " rows");
    return padded_rows(a.floats(), ids.model_size, D, 0.f);
  };
  std::map<std::string, std::vector<float>> values;
  if (tied_all) {
    values["embed.weight"] = embedding("Wemb", trg, trg_ids, trg_path);
  } else {
    values["encoder.embed.weight"] = embedding("encoder_Wemb", src, src_ids, src_path);
    values["decoder.embed.weight"] = embedding("decoder_Wemb", trg, trg_ids, trg_path);
  }
  if (!tied_all && !tied)
    values["output.weight"] = padded_rows(m.transposed("decoder_ff_logit_out_W"), trg_ids.model_size, D, 0.f);
  std::vector<float> bias = m.has("decoder_ff_logit_out_b") ? m.values("decoder_ff_logit_out_b")
                                                            : std::vector<float>(trg.vocab().size(), 0.f);
  values["output.bias"] = padded_rows(std::move(bias), trg_ids.model_size, 1, kNeverLogit);

  const bool prenorm = config["transformer-prenorm"];
  const std::string norm = prenorm ? "_pre" : "";
  for (int l = 1; l <= config["enc-depth"].get<int>(); ++l) {
    const std::string from = "encoder_l" + std::to_string(l), to = "encoder.l" + std::to_string(l - 1);
    attention(m, from + "_self", to + ".self_attn", true, values);
    layer_norm(m, from + "_self_Wo", norm, to + ".self_attn_norm", values);
    feed_forward(m, from + "_ffn", to + ".ffn", values);
    layer_norm(m, from + "_ffn_ffn", norm, to + ".ffn_norm", values);
  }
  for (int l = 1; l <= config["dec-depth"].get<int>(); ++l) {
    const std::string from = "decoder_l" + std::to_string(l), to = "decoder.l" + std::to_string(l - 1);
    attention(m, from + "_self", to + ".self_attn", true, values);
    layer_norm(m, from + "_self_Wo", norm, to + ".self_attn_norm", values);
    attention(m, from + "_context", to + ".cross_attn", false, values);
    layer_norm(m, from + "_context_Wo", norm, to + ".cross_attn_norm", values);
    feed_forward(m, from + "_ffn", to + ".ffn", values);
    layer_norm(m, from + "_ffn_ffn", norm, to + ".ffn_norm", values);
  }
  if (prenorm) {
    layer_norm(m, "encoder_top", "", "encoder.norm", values);
    layer_norm(m, "decoder_top", "", "decoder.norm", values);
  }
  m.check_all_taken();

  std::unique_ptr<Seq2SeqModel> model;
  try {
    nn::SkipInitGuard zeroed_below;
    model = create_model(config, 0);
  } catch (const std::invalid_argument& e) {
    throw InputError(o.model, 0, e.what());
  }
  for (auto& [name, param] : model->parameters()) {
    auto it = values.find(name);
    Tensor& t = param.mutable_value();
    if (it == values.end() || static_cast<int64_t>(it->second.size()) != t.numel())
      throw InputError(o.model, 0, "no Marian parameter of the right size for " + name);
    std::memcpy(t.data<float>(), it->second.data(), it->second.size() * sizeof(float));
  }
  fs::create_directories(o.output);
  for (size_t side = 0; side < 2; ++side)
    copy_vocabulary(vocabs[side].spm, (fs::path(o.output) / config["vocabs"][side].get<std::string>()).string(),
                    vocabs[side].yml);
  save_model(o.output, *model, stored_dtype(o.precision));
}

}  // namespace tolmach::marian
