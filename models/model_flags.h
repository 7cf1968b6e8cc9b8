#pragma once
// tolmach-train's architecture flags (Marian's names) and the model config they make: the
// --type's keys, or a --task preset (Transformer) with the flags given on the command line
// over it. Defaults are stated here once; the tool binds its flags to these fields.
#include <optional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

namespace tolmach {

struct ModelFlags {
  std::string type = "rnn";  // rnn | transformer
  std::string task;          // transformer-tiny | -small | -base (implies transformer; default small)
  int dim_emb = 512, dim_rnn = 1024, enc_depth = 1, dec_depth = 1;
  std::string attention = "additive";  // rnn score function (mlp, bahdanau, concat = additive)
  int attention_window = 0;            // rnn: Luong local-p half width (0: global)
  bool tied = false, tied_all = false;
  int heads = 8, dim_ffn = 2048;
  std::string ffn_activation = "relu", positions = "sinusoidal";
  bool prenorm = false;
  float dropout = 0.f, dropout_attention = 0.f, dropout_ffn = 0.f;
  std::optional<int> alignment_layer;  // transformer: the guided / aligning decoder layer (1-based)
  std::set<std::string> given;         // flags given on the command line: they override a preset
};

// The "type" and dimensions of config.json (Marian's keys: models/*/config.h). UsageError
// for an unknown --type or --task, or a dropout outside [0, 1).
nlohmann::json model_config_from_flags(const ModelFlags& flags);

}  // namespace tolmach
