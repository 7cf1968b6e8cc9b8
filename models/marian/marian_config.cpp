#include "models/marian/marian_config.h"

#include <yaml-cpp/yaml.h>

#include <stdexcept>

namespace tolmach::marian {
namespace {

class Options {
 public:
  explicit Options(const std::string& yml) {
    try {
      root_ = YAML::Load(yml);
    } catch (const YAML::Exception& e) {
      throw std::invalid_argument(std::string("special:model.yml: ") + e.what());
    }
    if (!root_.IsMap()) throw std::invalid_argument("special:model.yml is not a YAML mapping");
  }

  template <class T> T get(const std::string& key, T fallback) const {
    const YAML::Node n = root_[key];
    if (!n || n.IsNull()) return fallback;
    try {
      return n.as<T>();
    } catch (const YAML::Exception&) {
      throw std::invalid_argument("Marian option " + key + " has an unexpected value");
    }
  }

  // Refuses the model when `key` differs from the value tolmach can run.
  template <class T> void require(const std::string& key, T supported, const std::string& feature) const {
    if (get<T>(key, supported) != supported)
      throw std::invalid_argument("Marian option " + key + " (" + feature + ") is not supported");
  }

 private:
  YAML::Node root_;
};

}  // namespace

nlohmann::json transformer_config(const std::string& yml) {
  const Options o(yml);
  const std::string type = o.get<std::string>("type", "");
  if (type != "transformer")
    throw std::invalid_argument("Marian model type \"" + type + "\" is not supported (only transformer; RNN types are not)");
  o.require<int>("lemma-dim-emb", 0, "factored vocabularies");
  o.require<int>("factors-dim-emb", 0, "factored vocabularies");
  o.require<bool>("right-left", false, "right-to-left decoding");
  o.require<bool>("tied-embeddings-src", false, "source embeddings tied to the output without the target's");
  o.require<bool>("transformer-train-position-embeddings", false, "learned positions");
  o.require<bool>("transformer-disable-position-embeddings", false, "no positions");
  o.require<std::string>("transformer-decoder-autoreg", "self-attention", "AAN / RNN decoder layers");
  o.require<int>("transformer-ffn-depth", 2, "feed-forward depth other than 2");
  o.require<bool>("transformer-no-projection", false, "attention without output projection");
  o.require<bool>("transformer-rnn-projection", false, "RNN projection");
  o.require<bool>("transformer-pool", false, "pooling encoder");
  o.require<bool>("transformer-no-bias", false, "layers without biases");
  o.require<bool>("transformer-no-affine", false, "layer norms without scale and bias");
  o.require<std::string>("transformer-attention-mask", "default", "ALiBi attention");
  o.require<std::string>("transformer-postprocess-emb", "d", "normalised embeddings");
  if (!o.get<std::vector<int>>("transformer-tied-layers", {}).empty())
    throw std::invalid_argument("Marian option transformer-tied-layers (shared layers) is not supported");

  const int dim_ffn = o.get<int>("transformer-dim-ffn", 2048);
  const int dec_ffn = o.get<int>("transformer-decoder-dim-ffn", 0);
  if (dec_ffn != 0 && dec_ffn != dim_ffn)
    throw std::invalid_argument("Marian option transformer-decoder-dim-ffn (a decoder feed-forward size of its own) is not supported");
  const int dec_ffn_depth = o.get<int>("transformer-decoder-ffn-depth", 0);
  if (dec_ffn_depth != 0 && dec_ffn_depth != 2)
    throw std::invalid_argument("Marian option transformer-decoder-ffn-depth (feed-forward depth other than 2) is not supported");
  const std::string activation = o.get<std::string>("transformer-ffn-activation", "swish");
  if (activation != "relu" && activation != "swish")
    throw std::invalid_argument("Marian option transformer-ffn-activation \"" + activation + "\" is not supported (relu, swish)");

  const std::string pre = o.get<std::string>("transformer-preprocess", "");
  const std::string post = o.get<std::string>("transformer-postprocess", "dan");
  const std::string top = o.get<std::string>("transformer-postprocess-top", "");
  const bool prenorm = pre == "n" && post == "da" && top == "n";
  if (!prenorm && !(pre.empty() && post == "dan" && top.empty()))
    throw std::invalid_argument("Marian options transformer-preprocess \"" + pre + "\", -postprocess \"" + post +
                                "\", -postprocess-top \"" + top +
                                "\" are not supported (post-norm: \"\", \"dan\", \"\"; pre-norm: \"n\", \"da\", \"n\")");

  // "last" or a 1-based layer; tolmach's alignment-layer is 1-based with 0 = last.
  const std::string align = o.get<std::string>("transformer-guided-alignment-layer", "last");
  int alignment_layer = 0;
  if (align != "last") {
    try {
      alignment_layer = std::stoi(align);
    } catch (const std::exception&) {
      throw std::invalid_argument("Marian option transformer-guided-alignment-layer \"" + align + "\" is not a layer");
    }
  }

  return {{"type", "transformer"},
          {"dim-emb", o.get<int>("dim-emb", 512)},
          {"transformer-heads", o.get<int>("transformer-heads", 8)},
          {"transformer-dim-ffn", dim_ffn},
          {"enc-depth", o.get<int>("enc-depth", 6)},
          {"dec-depth", o.get<int>("dec-depth", 6)},
          {"transformer-ffn-activation", activation},
          {"transformer-prenorm", prenorm},
          {"transformer-positions", "sinusoidal-marian"},
          {"transformer-scale-embeddings", true},
          {"tied-embeddings", o.get<bool>("tied-embeddings", false)},
          {"tied-embeddings-all", o.get<bool>("tied-embeddings-all", false)},
          {"transformer-dropout", o.get<double>("transformer-dropout", 0.0)},
          {"transformer-dropout-attention", o.get<double>("transformer-dropout-attention", 0.0)},
          {"transformer-dropout-ffn", o.get<double>("transformer-dropout-ffn", 0.0)},
          {"layer-norm-epsilon", 1e-9},
          {"alignment-layer", alignment_layer},
          {"alignment-heads", {0}}};
}

}  // namespace tolmach::marian
