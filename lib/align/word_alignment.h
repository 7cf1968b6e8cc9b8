#pragma once
// Alignments from attention, reported on words of the raw text as marian-decoder
// --alignment does: subword links are merged to the words they belong to (SentencePiece
// marks a word start with "▁"), so "0-1 1-1" means source word 0 and 1 align to target
// word 1. The source eos column and the target eos row carry no word and are dropped.
#include <string>
#include <vector>

#include "align/links.h"

namespace tolmach {

// attention[t][s]: weight of source piece s for target piece t.
using AttentionMatrix = std::vector<std::vector<float>>;

// Word number of each piece: a piece starting with "▁" starts a new word (a bare "▁"
// starts one that the next piece continues). The first piece is word 0.
std::vector<int> piece_words(const std::vector<std::string>& pieces);

// The words themselves: each word's pieces joined, the word-start marks dropped.
std::vector<std::string> joined_words(const std::vector<std::string>& pieces, const std::vector<int>& word_of_piece);

// Rows/cols past the given pieces (such as eos) are ignored. threshold <= 0: each target
// piece links to its argmax source piece (none when that is eos: hard); otherwise to every
// source piece with weight >= threshold. Links are between words, sorted, unique.
Links hard_word_links(const AttentionMatrix& attention, const std::vector<int>& source_words,
                      const std::vector<int>& target_words, float threshold = 0.f);

// Word-level weights [target words][source words]: summed over a source word's pieces,
// averaged over a target word's pieces (rows of each target word still sum to <= 1).
AttentionMatrix word_attention(const AttentionMatrix& attention, const std::vector<int>& source_words,
                               const std::vector<int>& target_words);

// One group per target word, comma-separated weights of each source word, groups
// space-separated (marian-decoder --alignment soft).
std::string format_soft_alignment(const AttentionMatrix& word_weights);

// The Pharaoh / soft strings of the above, as tolmach-translate --alignment prints them.
inline std::string hard_word_alignment(const AttentionMatrix& attention, const std::vector<int>& source_words,
                                       const std::vector<int>& target_words, float threshold = 0.f) {
  return format_pharaoh(hard_word_links(attention, source_words, target_words, threshold));
}
inline std::string soft_word_alignment(const AttentionMatrix& attention, const std::vector<int>& source_words,
                                       const std::vector<int>& target_words) {
  return format_soft_alignment(word_attention(attention, source_words, target_words));
}

}  // namespace tolmach
