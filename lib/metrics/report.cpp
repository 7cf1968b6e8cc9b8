#include "metrics/report.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

namespace tolmach::metrics {
namespace {

// Display width in code points (the table holds "±" and "μ").
size_t display_width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string pad_right(const std::string& s, size_t w) {
  const size_t d = display_width(s);
  return d >= w ? s : s + std::string(w - d, ' ');
}

}  // namespace

std::string fixed_decimals(double x, int width) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "%.*f", std::max(0, width), x);
  return buf;
}

std::string format_score(const Score& s, int width, bool score_only, const std::string& signature,
                         bool json) {
  nlohmann::ordered_json d;
  d["name"] = s.name;
  d["score"] = std::stod(fixed_decimals(s.score, width));
  d["signature"] = signature;
  std::string sc = fixed_decimals(s.score, width);
  if (s.mean > 0) {
    const std::string mean = fixed_decimals(s.mean, width), var = fixed_decimals(s.ci, width);
    const std::string conf = "\xce\xbc = " + mean + " \xc2\xb1 " + var;  // "μ = m ± v"
    sc += " (" + conf + ")";
    if (json) {
      d["confidence_mean"] = std::stod(mean);
      d["confidence_var"] = std::stod(var);
      d["confidence"] = conf;
    }
  }
  std::string full = signature.empty() ? s.name : s.name + "|" + signature;
  full += " = " + sc;
  if (!s.verbose.empty()) {
    full += " " + s.verbose;
    d["verbose_score"] = s.verbose;
  }
  if (score_only) return sc;
  if (json) {
    std::stringstream ss(signature);
    for (std::string item; std::getline(ss, item, '|');) {
      const size_t colon = item.find(':');
      d[item.substr(0, colon)] = item.substr(colon + 1);
    }
    return d.dump(1);
  }
  return full;
}

std::string join_single_results(const std::vector<std::string>& results, bool json) {
  std::string out;
  if (json) {
    if (results.size() > 1) {
      out = "[\n";
      for (size_t i = 0; i < results.size(); ++i) out += results[i] + (i + 1 < results.size() ? ",\n" : "\n");
      return out + "]\n";
    }
    return results.empty() ? "" : results[0] + "\n";
  }
  if (results.size() == 1) return results[0] + "\n";
  // Align by the first '=' like sacreBLEU.
  std::vector<long> lens;
  std::vector<std::string> aligned;
  for (const auto& line : results) {
    const size_t eq = line.find('=');
    if (eq == std::string::npos) out += line + "\n";
    else lens.push_back(static_cast<long>(eq) - 1);
  }
  if (lens.empty()) return out;
  const long w = *std::max_element(lens.begin(), lens.end());
  size_t li = 0;
  for (const auto& line : results) {
    if (line.find('=') == std::string::npos) continue;
    const long len = lens[li++];
    const std::string left = line.substr(0, len), right = line.substr(len);
    out += std::string(std::max(0L, w - len), ' ') + left + right + "\n";
  }
  return out;
}

std::string format_table(const std::vector<std::string>& metric_names,
                         const std::vector<std::string>& signatures,
                         const std::vector<SystemRow>& rows, int width, const std::string& test,
                         size_t n_samples) {
  std::vector<std::vector<std::string>> cells;
  std::vector<std::string> header{"System"};
  const bool with_ci = test == "bs" ||
                       std::any_of(rows.begin(), rows.end(), [](const SystemRow& r) {
                         return !r.results.empty() && r.results[0].mean > 0;
                       });
  for (const auto& m : metric_names) header.push_back(with_ci ? m + " (\xce\xbc \xc2\xb1 95% CI)" : m);
  cells.push_back(header);
  for (const auto& row : rows) {
    std::vector<std::string> line{row.name};
    for (const auto& r : row.results) {
      std::string c = fixed_decimals(r.score, width);
      if (r.mean > 0) c += " (" + fixed_decimals(r.mean, width) + " \xc2\xb1 " + fixed_decimals(r.ci, width) + ")";
      if (r.p_value >= 0) {
        c += " (p = " + fixed_decimals(r.p_value, 4) + ")";
        if (r.p_value <= 0.05) c += "*";
      }
      line.push_back(c);
    }
    cells.push_back(line);
  }
  std::vector<size_t> w(header.size(), 0);
  for (const auto& line : cells)
    for (size_t c = 0; c < line.size(); ++c) w[c] = std::max(w[c], display_width(line[c]));
  std::string out;
  for (size_t r = 0; r < cells.size(); ++r) {
    std::string line;
    for (size_t c = 0; c < cells[r].size(); ++c) line += (c ? "  " : "") + pad_right(cells[r][c], w[c]);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
    if (r == 0) {
      size_t total = 0;
      for (size_t c = 0; c < w.size(); ++c) total += w[c] + (c ? 2 : 0);
      out += std::string(total, '-') + "\n";
    }
  }
  out += "\n";
  if (test == "bs" || test == "ar") {
    const std::string msg = test == "bs"
        ? "Paired bootstrap resampling test with " + std::to_string(n_samples) + " resampling trials"
        : "Paired approximate randomization test with " + std::to_string(n_samples) + " trials";
    out += std::string(msg.size(), '-') + "\n" + msg + "\n" + std::string(msg.size(), '-') + "\n";
    out += " - Each system is pairwise compared to " + rows.front().name + ".\n";
    out += test == "bs"
        ? "   Actual system score / bootstrap estimated true mean / 95% CI are provided for each metric.\n"
        : "   Actual system score is provided for each metric.\n";
    out += "\n - Null hypothesis: the system and the baseline translations are essentially\n"
           "   generated by the same underlying process. For a given system and the baseline,\n"
           "   the p-value is roughly the probability of the absolute score difference (delta)\n"
           "   or higher occurring due to chance, under the assumption that the null hypothesis is correct.\n\n"
           " - Assuming a significance threshold of 0.05, the null hypothesis can be rejected\n"
           "   for p-values < 0.05 (marked with \"*\"). This means that the delta is unlikely to be attributed\n"
           "   to chance, hence the system is significantly \"different\" than the baseline.\n\n";
  }
  out += "-----------------\nMetric signatures\n-----------------\n";
  for (size_t i = 0; i < metric_names.size(); ++i) {
    std::string name = metric_names[i];
    if (display_width(name) < 10) name += std::string(10 - display_width(name), ' ');
    out += " - " + name + " " + signatures[i] + "\n";
  }
  return out;
}

}  // namespace tolmach::metrics
