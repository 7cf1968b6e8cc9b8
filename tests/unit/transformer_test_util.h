#pragma once
// Shared by the transformer tests: tiny configs and batches built from id sequences.
#include <algorithm>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/batch.h"

namespace tolmach::testing {

// pad 0, bos 1, eos 2; words from 3.
inline nlohmann::json tiny_transformer_config(int64_t vocab = 12) {
  return {{"type", "transformer"},     {"dim-emb", 16},          {"transformer-heads", 2},
          {"transformer-dim-ffn", 24}, {"enc-depth", 2},         {"dec-depth", 2},
          {"transformer-dropout", 0.0}, {"src-vocab-size", vocab}, {"tgt-vocab-size", vocab}};
}

// A training batch: sources get eos, targets bos ... / ... eos, padded with 0.
inline Batch pairs_batch(const std::vector<std::vector<int>>& src, const std::vector<std::vector<int>>& tgt) {
  BatchShape shape;
  Batch b;
  b.source = make_source_batch(src, shape);
  b.target_width = 0;
  for (const auto& t : tgt) b.target_width = std::max(b.target_width, static_cast<int>(t.size()) + 1);
  for (size_t i = 0; i < tgt.size(); ++i) {
    std::vector<int> in(b.target_width, shape.pad), out(b.target_width, shape.pad);
    in[0] = shape.bos;
    std::copy(tgt[i].begin(), tgt[i].end(), in.begin() + 1);
    std::copy(tgt[i].begin(), tgt[i].end(), out.begin());
    out[tgt[i].size()] = shape.eos;
    b.target_input.insert(b.target_input.end(), in.begin(), in.end());
    b.target_output.insert(b.target_output.end(), out.begin(), out.end());
    b.target_lengths.push_back(static_cast<int>(tgt[i].size()) + 1);
    b.target_tokens += tgt[i].size() + 1;
    b.lines.push_back(i + 1);
  }
  for (int l : b.source.lengths) b.source_tokens += l;
  return b;
}

}  // namespace tolmach::testing
