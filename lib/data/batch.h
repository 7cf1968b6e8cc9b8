#pragma once
// Padded, row-major id matrices a model consumes. Plain vectors so any tensor type can
// wrap them; lengths let models build masks without scanning for pad.
#include <cstddef>
#include <vector>

#include "data/corpus.h"
#include "text/vocab.h"

namespace tolmach {

// Special ids and whether the source gets an eos (Marian and fairseq append one).
struct BatchShape {
  int pad = 0;         // target padding (the loss ignores it)
  int bos = 1;
  int eos = 2;         // ends targets, and sources when source_eos
  bool source_eos = true;
  int source_pad = -1;  // -1: pad; another id when the vocabularies are apart and lack their own
  int source_padding() const { return source_pad >= 0 ? source_pad : pad; }
};

// The shape of batches for a model over these vocabularies (Vocab::model_ids()); throws
// std::invalid_argument when their eos ids differ (the source's eos is the target's id).
BatchShape batch_shape(const ModelIds& source, const ModelIds& target);

struct SourceBatch {
  int size = 0;               // B sentences
  int width = 0;              // S, the longest source (with eos)
  int pad = 0;
  std::vector<int> ids;       // [B x S], pad after each sentence's end
  std::vector<int> lengths;   // [B] real lengths (with eos)
  int at(int b, int s) const { return ids[static_cast<size_t>(b) * width + s]; }
};

struct Batch {
  SourceBatch source;
  int target_width = 0;             // T = longest target + 1
  std::vector<int> target_input;    // [B x T]: bos y_1 .. y_n, then pad
  std::vector<int> target_output;   // [B x T]: y_1 .. y_n eos, then pad
  std::vector<int> target_lengths;  // [B] n + 1
  std::vector<size_t> lines;        // [B] corpus line of each pair (1-based)
  // When the corpus has alignments: [B x T x S] gold attention of each target_output
  // position, 1/n over its n linked source tokens (rows of unlinked positions all 0).
  std::vector<float> guided_alignment;
  size_t source_tokens = 0;         // sum of source lengths (with eos if added)
  size_t target_tokens = 0;         // sum of target lengths (the tokens the loss sees)
  int size() const { return source.size; }
};

// Build the batch of corpus pairs `indices` (in that row order).
Batch make_batch(const ParallelCorpus& corpus, const std::vector<size_t>& indices,
                 const BatchShape& shape);

// Build a source-only batch (translation input) from id sequences, in the given order.
SourceBatch make_source_batch(const std::vector<std::vector<int>>& sentences,
                              const BatchShape& shape);

}  // namespace tolmach
