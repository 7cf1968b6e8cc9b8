#pragma once
// Batching translation input as marian-decoder does: the caller reads a window of
// --maxi-batch x --mini-batch lines, this sorts it by source length (little padding, and
// beams of similar lengths finish together) and cuts it into batches; the caller writes
// the results back in input order by the indices.
#include <cstddef>
#include <vector>

namespace tolmach {

// Batches of indices into `sentences`: at most `mini_batch_words` source tokens, counting
// an eos each, when that is given (not 0), else `mini_batch` sentences.
// `sort` = false keeps input order (--maxi-batch-sort none).
std::vector<std::vector<size_t>> plan_translation_batches(
    const std::vector<std::vector<int>>& sentences, size_t mini_batch, size_t mini_batch_words,
    bool sort = true);

}  // namespace tolmach
