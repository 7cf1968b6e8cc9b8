#pragma once
// Alignment error rate against gold sure (S) and possible (P) links, Och & Ney (2003):
//   precision = |A∩P| / |A|, recall = |A∩S| / |S|, AER = 1 - (|A∩S| + |A∩P|) / (|A| + |S|),
// over a corpus the counts are summed first (not the per-sentence rates averaged).
#include <string>
#include <vector>

#include "align/gold.h"
#include "text/utf8.h"

namespace tolmach {

struct AerCounts {
  long sentences = 0;
  long hyp = 0;           // |A|
  long sure = 0;          // |S|
  long possible = 0;      // |P|, sure included
  long hyp_sure = 0;      // |A∩S|
  long hyp_possible = 0;  // |A∩P|

  AerCounts& operator+=(const AerCounts& o);
  // Fractions in [0, 1]; NaN where the denominator is 0 (no hypothesis / no sure links).
  double precision() const;
  double recall() const;
  double aer() const;
};

// One sentence's counts.
AerCounts count_links(const Links& hyp, const GoldLinks& gold);

struct EvalOptions {
  bool one_based_gold = false;  // gold counts words from 1 (.talp)
  bool reverse_hyp = false;     // hypothesis written target-source: swap before scoring
};

// Gold and hypothesis (Pharaoh) line by line. Throws InputError(file, line) on a bad link or
// when one file ends before the other. Fills `per_sentence` when given.
AerCounts evaluate_lines(LineReader& gold, LineReader& hyp, const EvalOptions& options,
                         std::vector<AerCounts>* per_sentence = nullptr);

// As percentages with 2 decimals: text "AER = 4.05" lines, or JSON in sacreBLEU's style
// ({"name": "AER", "score": 4.05, "precision": ..., counts}; null where undefined).
std::string format_aer(const AerCounts& c, bool json);

}  // namespace tolmach
