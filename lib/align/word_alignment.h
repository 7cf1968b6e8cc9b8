#pragma once
// Alignments from attention, reported on words of the raw text as marian-decoder
// --alignment does: subword links are merged to the words they belong to (SentencePiece
// marks a word start with "▁"), so "0-1 1-1" means source word 0 and 1 align to target
// word 1. The source eos column and the target eos row carry no word and are dropped.
#include <string>
#include <vector>

namespace tolmach {

// Word number of each piece: a piece starting with "▁" starts a new word (a bare "▁"
// starts one that the next piece continues). The first piece is word 0.
std::vector<int> piece_words(const std::vector<std::string>& pieces);

// attention[t][s]: weight of source position s for target piece t (rows/cols past the
// given pieces, such as eos, are ignored). threshold <= 0: each target piece links to its
// argmax source piece (hard); otherwise to every source piece with weight >= threshold.
// Output: unique "src-trg" word pairs, sorted, space-separated (Pharaoh format).
std::string hard_word_alignment(const std::vector<std::vector<float>>& attention,
                                const std::vector<int>& source_words,
                                const std::vector<int>& target_words, float threshold = 0.f);

// Soft alignment: one group per target word, comma-separated weights of each source word
// (summed over its pieces, averaged over the target word's pieces), groups space-separated.
std::string soft_word_alignment(const std::vector<std::vector<float>>& attention,
                                const std::vector<int>& source_words,
                                const std::vector<int>& target_words);

}  // namespace tolmach
