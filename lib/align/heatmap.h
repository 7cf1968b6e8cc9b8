#pragma once
// Attention heat maps as SVG, the lectures' figure: source words along the top, target words
// down the left, one square cell per (target, source) pair shaded by its attention weight, with
// the predicted links and any gold links marked on top. tolmach-align --heatmap DIR writes one
// per sentence pair. Self-contained SVG 1.1 (no scripts, no external files), so any browser or
// image viewer shows it.
//
// Colour scale: linear in sRGB from white (#ffffff, weight 0) to dark blue (#08306b, weight 1),
// the ends of ColorBrewer's "Blues". Markers: predicted link = orange dot; gold sure link =
// solid red square outline; gold possible link = dashed red square outline (white rims keep
// both visible on the darkest cells).
//
// Each cell and marker carries class and data-source / data-target attributes (0-based word
// positions, as in Links) so scripts and tests can read the picture back.
#include <cstddef>
#include <string>
#include <vector>

#include "align/links.h"

namespace tolmach {

// weights[t][s]: attention of target word t on source word s, in [0, 1]; NaN and values
// outside [0, 1] are clamped (NaN as 0) for the shading. Shape: one row per target word, one
// column per source word (an empty matrix is accepted when either side is empty).
// gold_sure / gold_possible: empty when there is no gold; possible links that are also sure
// are drawn as sure (as GoldLinks has them: P contains S). title: shown above the map if not
// empty. Words may be any UTF-8 (invalid bytes become U+FFFD); XML specials are escaped.
// Throws std::invalid_argument when the shape does not match the words or a link points past
// them (callers add file and line, as for parse_pharaoh).
std::string attention_heatmap_svg(const std::vector<std::string>& source_words,
                                  const std::vector<std::string>& target_words,
                                  const std::vector<std::vector<float>>& weights,
                                  const Links& predicted, const Links& gold_sure = {},
                                  const Links& gold_possible = {}, const std::string& title = "");

// File name for the heat map of 1-based input line `line_number`: 1 -> "000001.svg". Six
// digits keep a directory of up to 999999 maps in input order under `ls`; more digits past that.
std::string heatmap_file_name(size_t line_number);

}  // namespace tolmach
