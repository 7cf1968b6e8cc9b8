#pragma once
// Guided alignment (Marian's --guided-alignment): training pairs come with word alignments
// in a Pharaoh file, one line per line of the training files, over the words of their text
// (as tolmach-align, fast_align and `tolmach-align ibm2` write them). Training supervises
// subword attention, so each word link becomes links between all of its words' subwords.
#include <string>
#include <vector>

#include "data/corpus.h"
#include "text/vocab.h"

namespace tolmach {

// Subword links of every pair of `corpus` (in pair order) from `path`, which must have
// `lines` lines (the training files'). InputError naming file and line for a bad link, a
// word index beyond its sentence (unless sides were `cropped` to --max-length: then such
// links are dropped with the words), or a different number of lines.
std::vector<TokenLinks> read_guided_alignments(const std::string& path, size_t lines, const ParallelCorpus& corpus,
                                               const Vocab& source, const Vocab& target, bool cropped = false);

}  // namespace tolmach
