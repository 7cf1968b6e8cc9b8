#pragma once
// Guided alignment (Marian's --guided-alignment): training pairs come with word alignments
// in a Pharaoh file, one line per line of the training files, over the words of their text
// (as tolmach-align, fast_align and `tolmach-align ibm2` write them). Training supervises
// subword attention, so each word link becomes links between all of its words' subwords.
#include <string>
#include <vector>

#include "align/links.h"
#include "data/corpus.h"
#include "text/vocab.h"

namespace tolmach {

// The links of every line of `path`, checked against the training files before training
// starts: as many lines, and every link within its line's words (separated by spaces or
// tabs). InputError naming the file and line otherwise.
std::vector<Links> read_word_alignments(const std::string& path, const std::string& source_path,
                                        const std::string& target_path);

// Subword links of every pair of `corpus` (in pair order; pair i is line corpus.line(i) of
// `by_line`). Links to words a side lacks (cropped to --max-length) are dropped.
std::vector<TokenLinks> subword_alignments(const std::vector<Links>& by_line, const ParallelCorpus& corpus,
                                           const Vocab& source, const Vocab& target);

}  // namespace tolmach
