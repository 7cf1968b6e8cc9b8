#pragma once
// Layers own their parameters as Vars and list them by name (for optimisers and for
// saving to safetensors). Composite layers prefix their children's names: "enc.l0.weight".
#include <string>
#include <utility>
#include <vector>

#include "autograd/var.h"

namespace tolmach::nn {

using NamedParams = std::vector<std::pair<std::string, Var>>;

// Appends child's parameters to out as "prefix.name".
inline void add_params(NamedParams& out, const std::string& prefix, const NamedParams& child) {
  for (const auto& [name, v] : child) out.emplace_back(prefix.empty() ? name : prefix + "." + name, v);
}

}  // namespace tolmach::nn
