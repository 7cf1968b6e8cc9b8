#pragma once
// Cutting an ordered list of items into consecutive batches under two budgets.
#include <cstddef>
#include <functional>
#include <vector>

namespace tolmach {

// Appends to `out` batches of consecutive `order` items with at most `max_sentences` items
// (0 = no limit) and at most `max_tokens` tokens by `tokens(item)` (0 = no limit). An item
// alone over the token budget still forms its own batch (else it could never be used).
void cut_batches(const std::vector<size_t>& order, const std::function<size_t(size_t)>& tokens,
                 size_t max_sentences, size_t max_tokens, std::vector<std::vector<size_t>>& out);

}  // namespace tolmach
