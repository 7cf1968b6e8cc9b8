#pragma once
// tolmach-align --heatmap DIR [--gold FILE]: one SVG heat map per sentence pair, named by its
// input line (DIR/000001.svg ...), with that line of the gold file marked when there is one.
#include <memory>
#include <string>

#include "align/aligner.h"
#include "io/tool_streams.h"
#include "text/utf8.h"

namespace tolmach {

class HeatmapDir {
 public:
  // Creates `dir`. gold_path empty: no gold.
  HeatmapDir(std::string dir, const std::string& gold_path, bool one_based);
  // The map of input line `line` (pairs come in order). InputError naming the gold file and
  // line for a bad gold line, one beyond its sentence, or a gold file that ends too soon.
  void write(size_t line, const PairAlignment& alignment);

 private:
  std::string dir_;
  std::unique_ptr<ToolInput> gold_in_;
  std::unique_ptr<LineReader> gold_;
  bool one_based_;
};

}  // namespace tolmach
