#include "data/cut_batches.h"

namespace tolmach {

void cut_batches(const std::vector<size_t>& order, const std::function<size_t(size_t)>& tokens,
                 size_t max_sentences, size_t max_tokens, std::vector<std::vector<size_t>>& out) {
  std::vector<size_t> batch;
  size_t sum = 0;
  for (size_t i : order) {
    const size_t t = tokens(i);
    const bool full = (max_sentences && batch.size() + 1 > max_sentences) ||
                      (max_tokens && sum + t > max_tokens);
    if (full && !batch.empty()) {
      out.push_back(std::move(batch));
      batch.clear();
      sum = 0;
    }
    batch.push_back(i);
    sum += t;
  }
  if (!batch.empty()) out.push_back(std::move(batch));
}

}  // namespace tolmach
