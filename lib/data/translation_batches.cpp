#include "data/translation_batches.h"

#include <algorithm>
#include <numeric>

#include "data/cut_batches.h"

namespace tolmach {

std::vector<std::vector<size_t>> plan_translation_batches(
    const std::vector<std::vector<int>>& sentences, size_t mini_batch, size_t mini_batch_words,
    bool sort) {
  std::vector<size_t> order(sentences.size());
  std::iota(order.begin(), order.end(), size_t{0});
  auto tokens = [&](size_t i) { return sentences[i].size() + 1; };
  if (sort)
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return tokens(a) < tokens(b); });
  std::vector<std::vector<size_t>> batches;
  cut_batches(order, tokens, mini_batch_words ? 0 : mini_batch, mini_batch_words, batches);
  return batches;
}

}  // namespace tolmach
