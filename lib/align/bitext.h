#pragma once
// Sentence pairs held as dense word ids (one vocabulary per side), the input of the
// statistical aligners; words are separated by spaces or tabs.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tolmach {

class PairReader;

// Word ids of one sentence: [begin, end).
struct WordSpan {
  const int32_t* begin_ = nullptr;
  const int32_t* end_ = nullptr;
  const int32_t* begin() const { return begin_; }
  const int32_t* end() const { return end_; }
  int size() const { return static_cast<int>(end_ - begin_); }
  int32_t operator[](int i) const { return begin_[i]; }
};

class Bitext {
 public:
  // Appends a pair; each side is split into words and mapped to ids (new words get the next id).
  void add(std::string_view left, std::string_view right);

  size_t size() const { return left_.starts.size() - 1; }
  WordSpan left(size_t k) const { return left_.sentence(k); }
  WordSpan right(size_t k) const { return right_.sentence(k); }
  int left_vocab_size() const { return static_cast<int>(left_.ids.size()); }
  int right_vocab_size() const { return static_cast<int>(right_.ids.size()); }

 private:
  struct Side {
    std::unordered_map<std::string, int32_t> ids;
    std::vector<int32_t> tokens;
    std::vector<size_t> starts{0};  // sentence k is tokens[starts[k], starts[k+1])
    std::string key;                // reused lookup buffer
    void add(std::string_view text);
    WordSpan sentence(size_t k) const { return {tokens.data() + starts[k], tokens.data() + starts[k + 1]}; }
  };
  Side left_, right_;
};

// Reads every pair of `in` into `out` (PairReader's InputErrors for bad lines).
void read_bitext(PairReader& in, Bitext& out);

}  // namespace tolmach
