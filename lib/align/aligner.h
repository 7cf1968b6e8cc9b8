#pragma once
// Word alignment of given sentence pairs with a translation model's attention
// (tolmach-align -m): each pair is tokenised, force-decoded in length-sorted batches
// (side by side on the threads, as translation), and its subword attention turned into
// links between the words of the text.
#include <optional>
#include <string>
#include <vector>

#include "align/forced_decoding.h"
#include "align/links.h"
#include "align/pair_reader.h"
#include "align/symmetrize.h"
#include "data/batch.h"
#include "search/step_model_pool.h"
#include "text/tokenizer.h"

namespace tolmach {

// argmax: each target piece links to the source piece its own prediction step attends to
// most. shift: the same with the attention of the NEXT step, the one whose input is that
// piece (Chen et al. 2020: a Transformer's attention when it reads a word aligns it better
// than when it predicts it). threshold: every source piece with weight >= the threshold.
enum class AttentionMethod { argmax, threshold, shift };

// "argmax" | "threshold" | "shift"; UsageError otherwise.
AttentionMethod parse_attention_method(const std::string& name);

struct AlignerOptions {
  AttentionMethod method = AttentionMethod::argmax;
  float threshold = 0.5f;       // with method threshold
  size_t mini_batch = 16;       // sentence pairs per batch
  size_t mini_batch_words = 0;  // or source tokens per batch (0: by pairs)
  size_t max_length = 1000;     // longer pairs (pieces, either side) get no links and a warning
};

struct PairAlignment {
  Links links;                              // between words, source-target
  std::vector<std::string> source_words, target_words;  // as the vocabulary segments the text
  AttentionMatrix weights;                  // [target words][source words], the method's rows
  std::optional<float> score;  // log-prob of the target given the source (eos included); none if not run
  bool too_long = false;                    // over max_length: no links, no score
};

class Aligner {
 public:
  // shape: the special ids of the batches (the target vocabulary's, as translation).
  Aligner(StepModelFactory make_step_model, const Tokenizer& source, const Tokenizer& target, const BatchShape& shape,
          AlignerOptions options);
  // One result per pair, in order. A pair with an empty side has no links.
  std::vector<PairAlignment> align(const std::vector<SentencePair>& pairs);

 private:
  StepModelPool models_;
  const Tokenizer& source_;
  const Tokenizer& target_;
  BatchShape shape_;
  AlignerOptions options_;
};

// Both directions: `forward`'s links of each pair symmetrised with those `reverse` (a model
// translating target to source) finds for the swapped pair.
std::vector<PairAlignment> align_both_ways(Aligner& forward, Aligner& reverse, const std::vector<SentencePair>& pairs,
                                           Heuristic heuristic);

}  // namespace tolmach
