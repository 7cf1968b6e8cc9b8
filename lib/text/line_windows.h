#pragma once
// The read loop of the batch-wise line filters (translate, align): items are read into a
// window of up to `window` items and handed on as one job, so a large file is processed in
// big sorted batches; when input pauses (interactive use) what has been read goes at once,
// before the next read would block.
#include <cstddef>
#include <vector>

namespace tolmach {

// Reader: bool next(Item&), bool has_buffered_input(). process(std::vector<Item>&).
template <class Item, class Reader, class Process>
void read_in_windows(Reader& reader, size_t window, Process process) {
  std::vector<Item> items;
  Item item;
  while (reader.next(item)) {
    items.push_back(std::move(item));
    if (items.size() >= window || !reader.has_buffered_input()) {
      process(items);
      items.clear();
    }
  }
  if (!items.empty()) process(items);
}

}  // namespace tolmach
