#include "data/batch.h"

#include <stdexcept>
#include <string>

#include <algorithm>

namespace tolmach {
namespace {

// Lay out `rows` sequences padded to their longest, each optionally followed by `suffix`
// and preceded by `prefix` (-1 = none).
template <class Row>
void fill_padded(const std::vector<Row>& rows, int prefix, int suffix, int pad,
                 std::vector<int>& ids, std::vector<int>& lengths, int& width) {
  const int extra = (prefix >= 0) + (suffix >= 0);
  width = 0;
  lengths.clear();
  for (const Row& r : rows) {
    lengths.push_back(static_cast<int>(r.size()) + extra);
    width = std::max(width, lengths.back());
  }
  ids.assign(rows.size() * static_cast<size_t>(width), pad);
  for (size_t b = 0; b < rows.size(); ++b) {
    int* out = ids.data() + b * width;
    if (prefix >= 0) *out++ = prefix;
    out = std::copy(rows[b].begin(), rows[b].end(), out);
    if (suffix >= 0) *out = suffix;
  }
}

size_t sum(const std::vector<int>& v) {
  size_t s = 0;
  for (int x : v) s += x;
  return s;
}

// Links past a (cropped) side's length are dropped; they point at tokens the batch lacks.
void fill_guided_alignment(const ParallelCorpus& corpus, const std::vector<size_t>& indices, Batch& batch) {
  const size_t T = batch.target_width, S = batch.source.width;
  batch.guided_alignment.assign(indices.size() * T * S, 0.f);
  std::vector<int> links_of_row(T);
  for (size_t b = 0; b < indices.size(); ++b) {
    const int src_len = static_cast<int>(corpus.source(indices[b]).size());
    const int trg_len = static_cast<int>(corpus.target(indices[b]).size());
    std::fill(links_of_row.begin(), links_of_row.end(), 0);
    const TokenLinks& links = corpus.alignment(indices[b]);
    for (const auto& [s, t] : links)
      if (s < src_len && t < trg_len) ++links_of_row[t];
    float* gold = batch.guided_alignment.data() + b * T * S;
    for (const auto& [s, t] : links)
      if (s < src_len && t < trg_len) gold[t * S + s] += 1.f / links_of_row[t];
  }
}

}  // namespace

BatchShape batch_shape(const ModelIds& source, const ModelIds& target) {
  if (source.eos != target.eos)
    throw std::invalid_argument("the source vocabulary's eos id " + std::to_string(source.eos) +
                                " differs from the target's " + std::to_string(target.eos));
  BatchShape shape;
  shape.pad = target.pad;
  shape.bos = target.bos;
  shape.eos = target.eos;
  shape.source_pad = source.pad;
  return shape;
}

Batch make_batch(const ParallelCorpus& corpus, const std::vector<size_t>& indices,
                 const BatchShape& shape) {
  std::vector<TokenSpan> src, trg;
  Batch batch;
  for (size_t i : indices) {
    src.push_back(corpus.source(i));
    trg.push_back(corpus.target(i));
    batch.lines.push_back(corpus.line(i));
  }
  SourceBatch& s = batch.source;
  s.size = static_cast<int>(indices.size());
  s.pad = shape.source_padding();
  fill_padded(src, -1, shape.source_eos ? shape.eos : -1, s.pad, s.ids, s.lengths, s.width);
  fill_padded(trg, shape.bos, -1, shape.pad, batch.target_input, batch.target_lengths,
              batch.target_width);
  fill_padded(trg, -1, shape.eos, shape.pad, batch.target_output, batch.target_lengths,
              batch.target_width);
  batch.source_tokens = sum(s.lengths);
  batch.target_tokens = sum(batch.target_lengths);
  if (corpus.has_alignments()) fill_guided_alignment(corpus, indices, batch);
  return batch;
}

SourceBatch make_source_batch(const std::vector<std::vector<int>>& sentences,
                              const BatchShape& shape) {
  SourceBatch s;
  s.size = static_cast<int>(sentences.size());
  s.pad = shape.source_padding();
  fill_padded(sentences, -1, shape.source_eos ? shape.eos : -1, s.pad, s.ids, s.lengths,
              s.width);
  return s;
}

}  // namespace tolmach
