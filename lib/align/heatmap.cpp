#include "align/heatmap.h"

#include <algorithm>
#include <iterator>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "text/utf8.h"

namespace tolmach {
namespace {

// Geometry in whole pixels: integers print the same under any locale.
constexpr int kCell = 24;       // side of one square cell
constexpr int kPad = 10;        // margin around everything
constexpr int kGap = 6;         // between a label and the grid
constexpr int kFontSize = 13;   // labels and legend
constexpr int kTitleSize = 15;  // the title (bold)
constexpr int kLegendRow = 20;  // height of one legend row
constexpr int kSwatch = 14;     // legend colour steps and marker samples
constexpr int kBarSteps = 10;   // steps of the legend's colour bar

struct Rgb {
  int r, g, b;
};
constexpr Rgb kLow{255, 255, 255};  // weight 0: white
constexpr Rgb kHigh{8, 48, 107};    // weight 1: ColorBrewer Blues' darkest
const char* const kPredictedFill = "#f58518";  // orange: stands out on white and on dark blue
const char* const kGoldStroke = "#e41a1c";     // red outlines, a different shape from the dot
const char* const kGridStroke = "#d9d9d9";     // thin cell borders so white cells still read as a grid

// NaN carries no weight: shade it as 0. Infinities clamp like any out-of-range value.
float clamp_weight(float w) {
  if (!(w > 0.f)) return 0.f;
  return w > 1.f ? 1.f : w;
}

std::string colour(float weight) {
  const float w = clamp_weight(weight);
  auto mix = [w](int low, int high) { return static_cast<int>(std::lround(low + (high - low) * w)); };
  char hex[8];
  std::snprintf(hex, sizeof hex, "#%02x%02x%02x", mix(kLow.r, kHigh.r), mix(kLow.g, kHigh.g), mix(kLow.b, kHigh.b));
  return hex;
}

// "0.73": two decimals without the C locale's help (a tool may have set another one).
std::string two_decimals(float weight) {
  const long hundredths = std::lround(clamp_weight(weight) * 100.f);
  const long frac = hundredths % 100;
  return std::to_string(hundredths / 100) + (frac < 10 ? ".0" : ".") + std::to_string(frac);
}

// Code point of the valid UTF-8 sequence at s[i]; advances i past it.
char32_t next_code_point(const std::string& s, size_t& i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  const int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  char32_t cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (byte(i + k) & 0x3F);
  i += len;
  return cp;
}

// East Asian wide and emoji blocks take about one em; everything else is narrower.
bool is_wide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

// Estimated width in pixels at `font_size`, from each character's class. The advances are
// DejaVu Sans's (the widest common sans-serif) rounded up, so a label is never clipped.
int text_width(const std::string& utf8, int font_size) {
  static const std::string narrow = "fijlrt.,:;'!|()[]- ";  // about 0.4 em
  static const std::string broad = "mwMW%@";                 // about 1 em
  int em_hundredths = 0;
  for (size_t i = 0; i < utf8.size();) {
    const char32_t cp = next_code_point(utf8, i);
    if (cp < 0x80 && broad.find(static_cast<char>(cp)) != std::string::npos) em_hundredths += 100;
    else if (cp < 0x80 && narrow.find(static_cast<char>(cp)) != std::string::npos) em_hundredths += 42;
    else if ((cp >= 'A' && cp <= 'Z') || cp == '&') em_hundredths += 79;
    else if (cp < 0x80) em_hundredths += 64;
    else if (is_wide(cp)) em_hundredths += 105;
    else em_hundredths += 80;  // accented Latin, Greek, Cyrillic: capitals run to 0.8 em
  }
  return (em_hundredths * font_size + 99) / 100;
}

// Valid XML 1.0 character data: invalid UTF-8, control characters and U+FFFE/U+FFFF (which
// XML forbids even escaped) become U+FFFD, so one odd word cannot break the whole document.
std::string xml_safe(const std::string& word) {
  const std::string valid = replace_invalid_utf8(word);
  std::string out;
  for (size_t i = 0; i < valid.size();) {
    const size_t start = i;
    const char32_t cp = next_code_point(valid, i);
    const bool forbidden = (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE || cp == 0xFFFF;
    if (forbidden) out += "\xEF\xBF\xBD";
    else out.append(valid, start, i - start);
  }
  return out;
}

std::string escape_xml(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string num(int v) { return std::to_string(v); }

// data-source="s" data-target="t": the cell or link an element stands for.
std::string link_attrs(int s, int t) { return " data-source=\"" + num(s) + "\" data-target=\"" + num(t) + "\""; }

void check_shape(size_t sources, size_t targets, const std::vector<std::vector<float>>& weights) {
  if (weights.empty() && (sources == 0 || targets == 0)) return;
  if (weights.size() != targets)
    throw std::invalid_argument("heat map: " + std::to_string(weights.size()) + " weight rows for " +
                                std::to_string(targets) + " target words");
  for (size_t t = 0; t < targets; ++t)
    if (weights[t].size() != sources)
      throw std::invalid_argument("heat map: weight row " + std::to_string(t) + " has " +
                                  std::to_string(weights[t].size()) + " columns for " + std::to_string(sources) +
                                  " source words");
}

void check_links(const Links& links, const char* what, size_t sources, size_t targets) {
  for (const Link& l : links)
    if (l.source < 0 || l.target < 0 || static_cast<size_t>(l.source) >= sources ||
        static_cast<size_t>(l.target) >= targets)
      throw std::invalid_argument(std::string("heat map: ") + what + " link " + num(l.source) + "-" + num(l.target) +
                                  " is outside " + std::to_string(sources) + " source x " +
                                  std::to_string(targets) + " target words");
}

// Where everything goes, worked out from the word counts and the estimated label widths.
struct Layout {
  int grid_x = 0, grid_y = 0;      // top-left corner of the cells
  int title_y = 0;                 // baseline of the title
  int legend_y = 0;                // top of the legend
  int width = 0, height = 0;
};

// The legend: a colour bar, then one sample per marker kind in use.
struct Legend {
  bool sure = false, possible = false;
  int width() const {
    int w = text_width("attention 0", kFontSize) + 4 + kBarSteps * kSwatch + 4 + text_width("1", kFontSize);
    int markers = kSwatch + 4 + text_width("predicted", kFontSize);
    if (sure) markers += 16 + kSwatch + 4 + text_width("gold sure", kFontSize);
    if (possible) markers += 16 + kSwatch + 4 + text_width("gold possible", kFontSize);
    return std::max(w, markers);
  }
  int height() const { return 2 * kLegendRow; }
};

Layout layout(const std::vector<std::string>& sources, const std::vector<std::string>& targets,
              const std::string& title, const Legend& legend) {
  int source_label = 0, target_label = 0;
  for (const auto& w : sources) source_label = std::max(source_label, text_width(w, kFontSize));
  for (const auto& w : targets) target_label = std::max(target_label, text_width(w, kFontSize));
  const int title_height = title.empty() ? 0 : kTitleSize + 8;
  Layout l;
  l.title_y = kPad + kTitleSize;
  l.grid_x = kPad + target_label + kGap;
  l.grid_y = kPad + title_height + source_label + kGap;
  l.legend_y = l.grid_y + static_cast<int>(targets.size()) * kCell + 14;
  const int title_width = title.empty() ? 0 : text_width(title, kTitleSize * 110 / 100);  // bold is wider
  const int grid_right = l.grid_x + static_cast<int>(sources.size()) * kCell;
  l.width = std::max({grid_right, kPad + legend.width(), kPad + title_width}) + kPad;
  l.height = l.legend_y + legend.height() + kPad;
  return l;
}

void add_labels(std::string& svg, const std::vector<std::string>& sources, const std::vector<std::string>& targets,
                const Layout& l) {
  // Source words read bottom-to-top above their column; dy centres the glyphs on the column.
  svg += "<g class=\"source-words\">\n";
  for (size_t s = 0; s < sources.size(); ++s) {
    const int x = l.grid_x + static_cast<int>(s) * kCell + kCell / 2;
    svg += "<text transform=\"translate(" + num(x) + "," + num(l.grid_y - kGap) + ") rotate(-90)\" dy=\"0.35em\">" +
           escape_xml(xml_safe(sources[s])) + "</text>\n";
  }
  svg += "</g>\n<g class=\"target-words\" text-anchor=\"end\">\n";
  for (size_t t = 0; t < targets.size(); ++t) {
    const int y = l.grid_y + static_cast<int>(t) * kCell + kCell / 2;
    svg += "<text x=\"" + num(l.grid_x - kGap) + "\" y=\"" + num(y) + "\" dy=\"0.35em\">" +
           escape_xml(xml_safe(targets[t])) + "</text>\n";
  }
  svg += "</g>\n";
}

void add_cells(std::string& svg, const std::vector<std::string>& sources, const std::vector<std::string>& targets,
               const std::vector<std::vector<float>>& weights, const Layout& l) {
  svg += "<g class=\"cells\" stroke=\"" + std::string(kGridStroke) + "\" stroke-width=\"0.5\">\n";
  for (size_t t = 0; t < targets.size() && t < weights.size(); ++t)
    for (size_t s = 0; s < sources.size(); ++s) {
      const float w = weights[t][s];
      // <title>: the exact weight shows as a tooltip when hovering in a browser.
      svg += "<rect class=\"cell\"" + link_attrs(static_cast<int>(s), static_cast<int>(t)) + " x=\"" +
             num(l.grid_x + static_cast<int>(s) * kCell) + "\" y=\"" + num(l.grid_y + static_cast<int>(t) * kCell) +
             "\" width=\"" + num(kCell) + "\" height=\"" + num(kCell) + "\" fill=\"" + colour(w) + "\"><title>" +
             escape_xml(xml_safe(sources[s] + " / " + targets[t] + ": " + two_decimals(w))) + "</title></rect>\n";
    }
  svg += "</g>\n";
}

// A gold link: a square outline of `side` at (x, y), solid for sure, dashed for possible, on
// a white halo so it shows on dark cells as well as on white ones.
std::string gold_marker(const char* cls, int x, int y, int side, bool dashed, const std::string& attrs = "") {
  const std::string box = " x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(side) + "\" height=\"" +
                          num(side) + "\" fill=\"none\"";
  return "<rect" + box + " stroke=\"#ffffff\" stroke-width=\"3.5\"/>\n<rect class=\"" + std::string(cls) + "\"" +
         attrs + box + " stroke=\"" + kGoldStroke + "\" stroke-width=\"2\"" +
         (dashed ? " stroke-dasharray=\"4,2\"" : "") + "/>\n";
}

// A predicted link: a dot with a white rim, visible on any shade.
std::string predicted_marker(const char* cls, int cx, int cy, const std::string& attrs = "") {
  return "<circle class=\"" + std::string(cls) + "\"" + attrs + " cx=\"" + num(cx) + "\" cy=\"" + num(cy) +
         "\" r=\"5\" fill=\"" + kPredictedFill + "\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>\n";
}

// Possible first, then sure (a link in both shows solid), then predicted dots on top.
void add_markers(std::string& svg, const Links& predicted, const Links& sure, const Links& possible,
                 const Layout& l) {
  const auto x = [&](const Link& k) { return l.grid_x + k.source * kCell; };
  const auto y = [&](const Link& k) { return l.grid_y + k.target * kCell; };
  const int inset = 2, side = kCell - 2 * inset;
  svg += "<g class=\"gold\">\n";
  for (const Link& k : possible)
    svg += gold_marker("possible", x(k) + inset, y(k) + inset, side, true, link_attrs(k.source, k.target));
  for (const Link& k : sure)
    svg += gold_marker("sure", x(k) + inset, y(k) + inset, side, false, link_attrs(k.source, k.target));
  svg += "</g>\n<g class=\"links\">\n";
  for (const Link& k : predicted)
    svg += predicted_marker("predicted", x(k) + kCell / 2, y(k) + kCell / 2, link_attrs(k.source, k.target));
  svg += "</g>\n";
}

void add_legend(std::string& svg, const Legend& legend, const Layout& l) {
  svg += "<g class=\"legend\">\n";
  // Row 1: "attention 0 [white ... dark] 1", the bar in the cells' exact colours.
  int x = kPad;
  const int row1 = l.legend_y, text1 = row1 + kSwatch / 2;
  svg += "<text x=\"" + num(x) + "\" y=\"" + num(text1) + "\" dy=\"0.35em\">attention 0</text>\n";
  x += text_width("attention 0", kFontSize) + 4;
  for (int i = 0; i < kBarSteps; ++i, x += kSwatch)
    svg += "<rect x=\"" + num(x) + "\" y=\"" + num(row1) + "\" width=\"" + num(kSwatch) + "\" height=\"" +
           num(kSwatch) + "\" fill=\"" + colour(static_cast<float>(i) / (kBarSteps - 1)) + "\"/>\n";
  svg += "<rect x=\"" + num(kPad + text_width("attention 0", kFontSize) + 4) + "\" y=\"" + num(row1) +
         "\" width=\"" + num(kBarSteps * kSwatch) + "\" height=\"" + num(kSwatch) + "\" fill=\"none\" stroke=\"" +
         kGridStroke + "\" stroke-width=\"0.5\"/>\n";
  svg += "<text x=\"" + num(x + 4) + "\" y=\"" + num(text1) + "\" dy=\"0.35em\">1</text>\n";

  // Row 2: one sample per marker kind, each in a swatch-sized square before its label.
  x = kPad;
  const int row2 = l.legend_y + kLegendRow, text2 = row2 + kSwatch / 2;
  const auto item = [&](const std::string& marker, const std::string& label) {
    svg += marker + "<text x=\"" + num(x + kSwatch + 4) + "\" y=\"" + num(text2) + "\" dy=\"0.35em\">" + label +
           "</text>\n";
    x += kSwatch + 4 + text_width(label, kFontSize) + 16;
  };
  item(predicted_marker("legend-predicted", x + kSwatch / 2, text2), "predicted");
  if (legend.sure) item(gold_marker("legend-sure", x + 1, row2 + 1, kSwatch - 2, false), "gold sure");
  if (legend.possible) item(gold_marker("legend-possible", x + 1, row2 + 1, kSwatch - 2, true), "gold possible");
  svg += "</g>\n";
}

}  // namespace

std::string attention_heatmap_svg(const std::vector<std::string>& source_words,
                                  const std::vector<std::string>& target_words,
                                  const std::vector<std::vector<float>>& weights, const Links& predicted,
                                  const Links& gold_sure, const Links& gold_possible, const std::string& title) {
  const size_t ns = source_words.size(), nt = target_words.size();
  check_shape(ns, nt, weights);
  check_links(predicted, "predicted", ns, nt);
  check_links(gold_sure, "gold sure", ns, nt);
  check_links(gold_possible, "gold possible", ns, nt);
  // A .talp file's possible links include its sure ones (AER's P contains S): those are drawn as sure.
  Links possible_only;
  std::set_difference(gold_possible.begin(), gold_possible.end(), gold_sure.begin(), gold_sure.end(),
                      std::back_inserter(possible_only));

  const Legend legend{!gold_sure.empty(), !possible_only.empty()};
  const Layout l = layout(source_words, target_words, title, legend);
  std::string svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + num(l.width) + "\" height=\"" +
         num(l.height) + "\" viewBox=\"0 0 " + num(l.width) + " " + num(l.height) +
         "\" font-family=\"DejaVu Sans, Verdana, Arial, sans-serif\" font-size=\"" + num(kFontSize) + "\">\n";
  // An opaque background: viewers with a dark or checkered canvas still show white as weight 0.
  svg += "<rect class=\"background\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
  if (!title.empty())
    svg += "<text class=\"title\" x=\"" + num(kPad) + "\" y=\"" + num(l.title_y) + "\" font-size=\"" +
           num(kTitleSize) + "\" font-weight=\"bold\">" + escape_xml(xml_safe(title)) + "</text>\n";
  add_labels(svg, source_words, target_words, l);
  add_cells(svg, source_words, target_words, weights, l);
  add_markers(svg, predicted, gold_sure, possible_only, l);
  add_legend(svg, legend, l);
  svg += "</svg>\n";
  return svg;
}

std::string heatmap_file_name(size_t line_number) {
  char name[32];
  std::snprintf(name, sizeof name, "%06zu.svg", line_number);
  return name;
}

}  // namespace tolmach
