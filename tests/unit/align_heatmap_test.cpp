// Attention heat maps (tolmach-align --heatmap): the SVG read back with a few string scans,
// since the project has no XML parser. tests/cli/align_heatmap_render.sh checks a browser
// draws it.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <regex>
#include <set>
#include <stdexcept>

#include "align/heatmap.h"

using namespace tolmach;

namespace {

// Every element the SVG opens is closed in order (self-closing ones count as both), there is
// exactly one root <svg>, no raw '<' hides in text, and every '&' starts one of XML's five
// entities. Returns what is wrong, empty when nothing.
std::string structure_problem(const std::string& svg) {
  std::vector<std::string> open;
  int roots = 0;
  size_t pos = 0;
  if (svg.rfind("<?xml ", 0) != 0) return "no XML declaration first";
  pos = svg.find("?>") + 2;
  while ((pos = svg.find('<', pos)) != std::string::npos) {
    const size_t end = svg.find('>', pos);
    if (end == std::string::npos) return "unterminated tag at " + std::to_string(pos);
    const std::string tag = svg.substr(pos + 1, end - pos - 1);
    if (tag.find('<') != std::string::npos) return "'<' inside tag " + tag;
    if (tag[0] == '/') {
      const std::string name = tag.substr(1);
      if (open.empty() || open.back() != name)
        return "</" + name + "> closes " + (open.empty() ? "nothing" : open.back());
      open.pop_back();
    } else {
      const std::string name = tag.substr(0, tag.find_first_of(" \n/"));
      if (name == "svg" && (++roots > 1 || !open.empty())) return "<svg> not the single root";
      if (tag.back() != '/') open.push_back(name);
    }
    pos = end + 1;
    if (open.empty() && svg.find_first_not_of(" \n", pos) != std::string::npos) return "content after the root";
  }
  if (roots != 1) return "no <svg> root";
  if (!open.empty()) return "<" + open.back() + "> never closed";
  static const std::regex bad_amp("&(?!(amp|lt|gt|quot|apos);)");
  if (std::regex_search(svg, bad_amp)) return "bare '&'";
  return "";
}

// The opening tags of elements with class="cls".
std::vector<std::string> tags_of_class(const std::string& svg, const std::string& cls) {
  std::vector<std::string> out;
  const std::string key = "class=\"" + cls + "\"";
  for (size_t pos = svg.find(key); pos != std::string::npos; pos = svg.find(key, pos + 1)) {
    const size_t start = svg.rfind('<', pos);
    out.push_back(svg.substr(start, svg.find('>', pos) - start + 1));
  }
  return out;
}

std::string attr(const std::string& tag, const std::string& name) {
  const std::string key = " " + name + "=\"";
  const size_t start = tag.find(key);
  if (start == std::string::npos) return "";
  const size_t value = start + key.size();
  return tag.substr(value, tag.find('"', value) - value);
}

// The links the markers of class `cls` stand for.
Links marked(const std::string& svg, const std::string& cls) {
  Links links;
  for (const auto& tag : tags_of_class(svg, cls))
    links.push_back({std::stoi(attr(tag, "data-source")), std::stoi(attr(tag, "data-target"))});
  return normalized(links);
}

// Fill colour of each cell, by (source, target).
std::map<std::pair<int, int>, std::string> cell_fills(const std::string& svg) {
  std::map<std::pair<int, int>, std::string> fills;
  for (const auto& tag : tags_of_class(svg, "cell"))
    fills[{std::stoi(attr(tag, "data-source")), std::stoi(attr(tag, "data-target"))}] = attr(tag, "fill");
  return fills;
}

// Relative luminance (Rec. 709 weights) of "#rrggbb", 0..255.
double lightness(const std::string& hex) {
  EXPECT_EQ(hex.size(), 7u) << hex;
  const auto channel = [&](int i) { return std::stoi(hex.substr(1 + 2 * i, 2), nullptr, 16); };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

int svg_size(const std::string& svg, const std::string& which) {
  return std::stoi(attr(svg.substr(svg.find("<svg "), 400), which));
}

const std::vector<std::string> kSource{"the", "house", "is", "small"};
const std::vector<std::string> kTarget{"das", "Haus", "ist", "klein"};

}  // namespace

TEST(AlignHeatmap, WellFormedWithOneCellPerPair) {
  const std::vector<std::vector<float>> w(4, std::vector<float>(4, 0.25f));
  const std::string svg = attention_heatmap_svg(kSource, kTarget, w, {{0, 0}}, {}, {}, "line 1");
  EXPECT_EQ(structure_problem(svg), "");
  const auto fills = cell_fills(svg);
  EXPECT_EQ(fills.size(), 16u);
  EXPECT_EQ(tags_of_class(svg, "cell").size(), 16u);  // no duplicates
  for (int s = 0; s < 4; ++s)
    for (int t = 0; t < 4; ++t) EXPECT_EQ(fills.count({s, t}), 1u) << s << "-" << t;
  for (const auto& word : {"the", "house", "small", "das", "Haus", "klein", "line 1"})
    EXPECT_NE(svg.find(std::string(">") + word + "</text>"), std::string::npos) << word;
}

TEST(AlignHeatmap, CellsDarkenAsWeightGrows) {
  // 16 distinct weights from 0 to 1 spread over the cells.
  std::vector<std::vector<float>> w(4, std::vector<float>(4));
  std::map<float, std::pair<int, int>> by_weight;
  for (int t = 0; t < 4; ++t)
    for (int s = 0; s < 4; ++s) {
      w[t][s] = static_cast<float>((s * 4 + t) * 5 % 16) / 15.f;  // 5 is prime to 16: a shuffle
      by_weight[w[t][s]] = {s, t};
    }
  ASSERT_EQ(by_weight.size(), 16u);
  const auto fills = cell_fills(attention_heatmap_svg(kSource, kTarget, w, {}));
  EXPECT_EQ(fills.at(by_weight.begin()->second), "#ffffff");   // weight 0 is white
  EXPECT_EQ(fills.at(by_weight.rbegin()->second), "#08306b");  // weight 1 the darkest blue
  double previous = 256;
  for (const auto& [weight, cell] : by_weight) {
    const double l = lightness(fills.at(cell));
    EXPECT_LT(l, previous) << "weight " << weight;
    previous = l;
  }
}

TEST(AlignHeatmap, MarkersExactlyForTheGivenLinks) {
  const std::vector<std::vector<float>> w(4, std::vector<float>(4, 0.f));
  const Links predicted{{0, 0}, {1, 1}, {3, 2}, {3, 3}};
  const Links sure{{0, 0}, {1, 1}, {2, 2}};
  const Links possible{{3, 3}, {2, 2}};
  const std::string svg = attention_heatmap_svg(kSource, kTarget, w, predicted, sure, possible);
  EXPECT_EQ(structure_problem(svg), "");
  EXPECT_EQ(marked(svg, "predicted"), predicted);
  EXPECT_EQ(marked(svg, "sure"), sure);
  EXPECT_EQ(marked(svg, "possible"), normalized(possible));
  // Three different looks: a dot, a solid outline, a dashed outline.
  EXPECT_EQ(tags_of_class(svg, "predicted")[0].rfind("<circle", 0), 0u);
  EXPECT_EQ(attr(tags_of_class(svg, "sure")[0], "fill"), "none");
  EXPECT_EQ(attr(tags_of_class(svg, "sure")[0], "stroke-dasharray"), "");
  EXPECT_NE(attr(tags_of_class(svg, "possible")[0], "stroke-dasharray"), "");
  // The legend explains each kind in use, and only those.
  EXPECT_NE(svg.find(">predicted</text>"), std::string::npos);
  EXPECT_NE(svg.find(">gold sure</text>"), std::string::npos);
  EXPECT_NE(svg.find(">gold possible</text>"), std::string::npos);

  const std::string no_gold = attention_heatmap_svg(kSource, kTarget, w, predicted);
  EXPECT_TRUE(marked(no_gold, "sure").empty());
  EXPECT_TRUE(marked(no_gold, "possible").empty());
  EXPECT_EQ(no_gold.find("gold sure"), std::string::npos);
  EXPECT_EQ(no_gold.find("gold possible"), std::string::npos);
}

TEST(AlignHeatmap, MarkerSitsInItsCell) {
  const std::vector<std::vector<float>> w(4, std::vector<float>(4, 0.f));
  const std::string svg = attention_heatmap_svg(kSource, kTarget, w, {{2, 1}}, {{2, 1}});
  std::string cell;
  for (const auto& tag : tags_of_class(svg, "cell"))
    if (attr(tag, "data-source") == "2" && attr(tag, "data-target") == "1") cell = tag;
  const int x = std::stoi(attr(cell, "x")), y = std::stoi(attr(cell, "y")), side = std::stoi(attr(cell, "width"));
  const std::string dot = tags_of_class(svg, "predicted").at(0);
  EXPECT_EQ(std::stoi(attr(dot, "cx")), x + side / 2);
  EXPECT_EQ(std::stoi(attr(dot, "cy")), y + side / 2);
  const std::string box = tags_of_class(svg, "sure").at(0);
  EXPECT_GT(std::stoi(attr(box, "x")), x);
  EXPECT_LT(std::stoi(attr(box, "x")) + std::stoi(attr(box, "width")), x + side);
  EXPECT_GT(std::stoi(attr(box, "y")), y);
  EXPECT_LT(std::stoi(attr(box, "y")) + std::stoi(attr(box, "height")), y + side);
}

TEST(AlignHeatmap, EscapesXmlInWordsAndTitle) {
  const std::string svg = attention_heatmap_svg({"<a&b>", "\"q'"}, {"x"}, {{0.5f, 0.5f}}, {}, {}, {}, "A & B");
  EXPECT_EQ(structure_problem(svg), "");
  EXPECT_NE(svg.find(">&lt;a&amp;b&gt;</text>"), std::string::npos);
  EXPECT_NE(svg.find(">&quot;q&apos;</text>"), std::string::npos);
  EXPECT_NE(svg.find(">A &amp; B</text>"), std::string::npos);
  EXPECT_EQ(svg.find("<a&b>"), std::string::npos);
}

TEST(AlignHeatmap, InvalidUtf8AndControlCharactersBecomeReplacementCharacters) {
  const std::string svg = attention_heatmap_svg({"a\xFF", "b\x01"}, {"c"}, {{0.f, 1.f}}, {});
  EXPECT_EQ(structure_problem(svg), "");
  EXPECT_NE(svg.find(">a\xEF\xBF\xBD</text>"), std::string::npos);
  EXPECT_NE(svg.find(">b\xEF\xBF\xBD</text>"), std::string::npos);
  EXPECT_EQ(svg.find('\x01'), std::string::npos);
}

TEST(AlignHeatmap, EmptySidesGiveAValidPictureWithoutCells) {
  for (const auto& [sources, targets] : std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>>{
           {{}, {}}, {{}, {"a", "b"}}, {{"a"}, {}}}) {
    const std::string svg = attention_heatmap_svg(sources, targets, {}, {});
    EXPECT_EQ(structure_problem(svg), "") << sources.size() << "x" << targets.size();
    EXPECT_TRUE(tags_of_class(svg, "cell").empty());
    EXPECT_GT(svg_size(svg, "width"), 0);
    EXPECT_GT(svg_size(svg, "height"), 0);
  }
  // Rows of no columns, as a word matrix for an empty source comes out, are fine too.
  EXPECT_EQ(structure_problem(attention_heatmap_svg({}, {"a", "b"}, {{}, {}}, {})), "");
}

TEST(AlignHeatmap, ClampsNanAndOutOfRangeWeights) {
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  const std::vector<std::vector<float>> w{{nan, -0.5f, 0.f}, {1.f, 7.f, inf}, {-inf, 0.5f, 0.5f}};
  const auto fills = cell_fills(attention_heatmap_svg({"a", "b", "c"}, {"x", "y", "z"}, w, {}));
  EXPECT_EQ(fills.at({0, 0}), "#ffffff");  // NaN as 0
  EXPECT_EQ(fills.at({1, 0}), "#ffffff");
  EXPECT_EQ(fills.at({0, 2}), "#ffffff");
  EXPECT_EQ(fills.at({0, 1}), "#08306b");
  EXPECT_EQ(fills.at({1, 1}), "#08306b");
  EXPECT_EQ(fills.at({2, 1}), "#08306b");
  EXPECT_NE(fills.at({1, 2}), "#ffffff");
  EXPECT_NE(fills.at({1, 2}), "#08306b");
}

TEST(AlignHeatmap, TooltipShowsTheWeight) {
  const std::string svg = attention_heatmap_svg({"a", "b"}, {"x"}, {{0.734f, 0.05f}}, {});
  EXPECT_NE(svg.find("<title>a / x: 0.73</title>"), std::string::npos);
  EXPECT_NE(svg.find("<title>b / x: 0.05</title>"), std::string::npos);
}

TEST(AlignHeatmap, LabelsGetRoomFromTheirLength) {
  const std::vector<std::vector<float>> one{{0.f}};
  const auto cell = [&](const std::string& svg, const char* xy) {
    return std::stoi(attr(tags_of_class(svg, "cell").at(0), xy));
  };
  const std::string base = attention_heatmap_svg({"a"}, {"x"}, one, {});
  // A long source word (rotated, on top) pushes the grid down; a long target word (on the
  // left) pushes it right; the picture grows to keep the grid and a margin inside.
  const std::string forty(40, 'e');
  const std::string tall = attention_heatmap_svg({forty}, {"x"}, one, {});
  const std::string wide = attention_heatmap_svg({"a"}, {forty}, one, {});
  EXPECT_GE(cell(tall, "y") - cell(base, "y"), 40 * 7);
  EXPECT_EQ(svg_size(tall, "height") - svg_size(base, "height"), cell(tall, "y") - cell(base, "y"));
  EXPECT_EQ(cell(tall, "x"), cell(base, "x"));
  EXPECT_GE(cell(wide, "x") - cell(base, "x"), 40 * 7);
  EXPECT_GT(svg_size(wide, "width"), cell(wide, "x") + std::stoi(attr(tags_of_class(wide, "cell")[0], "width")));
  EXPECT_EQ(cell(wide, "y"), cell(base, "y"));
  // Wide (CJK) characters take more room than as many Latin ones.
  const std::string cjk = attention_heatmap_svg({"a"}, {"\xE7\xBB\x8F\xE6\xB5\x8E\xE5\x8C\xBA"}, one, {});  // 经济区
  const std::string latin = attention_heatmap_svg({"a"}, {"eco"}, one, {});
  EXPECT_GT(cell(cjk, "x"), cell(latin, "x"));
  // A title takes room above the source words.
  EXPECT_GT(cell(attention_heatmap_svg({"a"}, {"x"}, one, {}, {}, {}, "T"), "y"), cell(base, "y"));
  // Each extra target word adds one cell of height.
  const std::string two = attention_heatmap_svg({"a", "b"}, {"x", "y"}, {{0.f, 0.f}, {0.f, 0.f}}, {});
  EXPECT_EQ(svg_size(two, "height") - svg_size(base, "height"),
            std::stoi(attr(tags_of_class(base, "cell")[0], "height")));
}

TEST(AlignHeatmap, RejectsMismatchedShapesAndLinksOutside) {
  const std::vector<std::vector<float>> w2x2{{0.f, 0.f}, {0.f, 0.f}};
  EXPECT_THROW(attention_heatmap_svg({"a", "b"}, {"x"}, w2x2, {}), std::invalid_argument);
  EXPECT_THROW(attention_heatmap_svg({"a", "b", "c"}, {"x", "y"}, w2x2, {}), std::invalid_argument);
  EXPECT_THROW(attention_heatmap_svg({"a", "b"}, {"x", "y"}, {}, {}), std::invalid_argument);
  EXPECT_THROW(attention_heatmap_svg({"a", "b"}, {"x", "y"}, w2x2, {{2, 0}}), std::invalid_argument);
  EXPECT_THROW(attention_heatmap_svg({"a", "b"}, {"x", "y"}, w2x2, {}, {{0, 2}}), std::invalid_argument);
  EXPECT_THROW(attention_heatmap_svg({"a", "b"}, {"x", "y"}, w2x2, {}, {}, {{-1, 0}}), std::invalid_argument);
  EXPECT_NO_THROW(attention_heatmap_svg({"a", "b"}, {"x", "y"}, w2x2, {{1, 1}}, {{0, 0}}, {{1, 0}}));
}

TEST(AlignHeatmap, FileNamesSortInLineOrder) {
  EXPECT_EQ(heatmap_file_name(1), "000001.svg");
  EXPECT_EQ(heatmap_file_name(42), "000042.svg");
  EXPECT_EQ(heatmap_file_name(999999), "999999.svg");
  EXPECT_EQ(heatmap_file_name(1234567), "1234567.svg");
}
