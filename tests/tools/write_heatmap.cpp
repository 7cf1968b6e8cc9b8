// write_heatmap DIR: writes two sample heat maps for tests/cli/align_heatmap_render.sh to draw
// in a browser: 000001.svg, the lectures' English-French pair with gold links and one wrong
// prediction, and 000002.svg, words that stress the layout and the escaping.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "align/heatmap.h"

using namespace tolmach;

namespace {

void write(const std::filesystem::path& dir, size_t line, const std::string& svg) {
  std::ofstream out(dir / heatmap_file_name(line), std::ios::binary);
  out << svg;
  if (!out) throw std::runtime_error("cannot write " + (dir / heatmap_file_name(line)).string());
}

// Rows of attention: most of each row on `focus` (source word), a little on its neighbours.
std::vector<std::vector<float>> peaked(size_t sources, const std::vector<std::vector<std::pair<int, float>>>& rows) {
  std::vector<std::vector<float>> w;
  for (const auto& peaks : rows) {
    std::vector<float> row(sources, 0.02f);
    for (const auto& [s, weight] : peaks) row[s] = weight;
    w.push_back(row);
  }
  return w;
}

std::string lecture_pair() {
  const std::vector<std::string> en{"The", "agreement", "on", "the", "European", "Economic", "Area",
                                    "was", "signed", "in", "August", "1992", "."};
  const std::vector<std::string> fr{"L'", "accord", "sur", "la", "zone", "économique", "européenne",
                                    "a", "été", "signé", "en", "août", "1992", "."};
  // Word order flips in "zone économique européenne"; "été" looks at "signed" more than "was".
  const auto w = peaked(en.size(), {{{0, 0.9f}},
                                    {{1, 0.95f}},
                                    {{2, 0.8f}, {3, 0.1f}},
                                    {{3, 0.6f}, {2, 0.3f}},
                                    {{6, 0.7f}, {5, 0.1f}},
                                    {{5, 0.75f}, {4, 0.15f}},
                                    {{4, 0.8f}, {6, 0.1f}},
                                    {{7, 0.85f}},
                                    {{8, 0.5f}, {7, 0.4f}},
                                    {{8, 0.9f}},
                                    {{9, 0.85f}},
                                    {{10, 0.9f}},
                                    {{11, 1.f}},
                                    {{12, 0.97f}}});
  Links predicted;
  for (size_t t = 0; t < w.size(); ++t) {
    const auto argmax = std::max_element(w[t].begin(), w[t].end()) - w[t].begin();
    predicted.push_back({static_cast<int>(argmax), static_cast<int>(t)});
  }
  const Links sure = normalized({{0, 0}, {1, 1}, {2, 2}, {3, 3}, {6, 4}, {5, 5}, {4, 6}, {7, 7}, {8, 9},
                                 {9, 10}, {10, 11}, {11, 12}, {12, 13}});
  const Links possible{{7, 8}};
  return attention_heatmap_svg(en, fr, w, normalized(predicted), sure, possible, "line 1: en -> fr");
}

std::string odd_words() {
  const std::vector<std::string> src{"<a&b>", "Donaudampfschifffahrtsgesellschaftskapitän", "\"q'", "WWWMMM"};
  const std::vector<std::string> trg{"经济区", "x", "Ärger & <Streit>"};
  const auto w = peaked(src.size(), {{{0, 1.f}}, {{1, 0.5f}}, {{3, 0.8f}}});
  return attention_heatmap_svg(src, trg, w, {{0, 0}, {1, 1}, {3, 2}}, {{0, 0}}, {{2, 2}}, "<odd> & \"words\"");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: write_heatmap DIR\n";
    return 2;
  }
  try {
    std::filesystem::create_directories(argv[1]);
    write(argv[1], 1, lecture_pair());
    write(argv[1], 2, odd_words());
  } catch (const std::exception& e) {
    std::cerr << "write_heatmap: " << e.what() << "\n";
    return 1;
  }
}
