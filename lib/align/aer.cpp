#include "align/aer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <limits>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "align/combine.h"
#include "align/line_pairs.h"
#include "align/symmetrize.h"
#include "base/error.h"

namespace tolmach {
namespace {

double ratio(long num, long den) { return den ? double(num) / double(den) : std::numeric_limits<double>::quiet_NaN(); }

long common(const Links& a, const Links& b) {
  Links both;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(both));
  return long(both.size());
}

// A fraction as a percentage with 2 decimals ("n/a" when undefined).
std::string percent(double x) {
  if (std::isnan(x)) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", 100 * x);
  return buf;
}

nlohmann::ordered_json percent_json(double x) {
  if (std::isnan(x)) return nullptr;
  return std::stod(percent(x));  // rounded as printed, like sacreBLEU's "score"
}

}  // namespace

AerCounts& AerCounts::operator+=(const AerCounts& o) {
  sentences += o.sentences;
  hyp += o.hyp;
  sure += o.sure;
  possible += o.possible;
  hyp_sure += o.hyp_sure;
  hyp_possible += o.hyp_possible;
  return *this;
}

double AerCounts::precision() const { return ratio(hyp_possible, hyp); }
double AerCounts::recall() const { return ratio(hyp_sure, sure); }
double AerCounts::aer() const {
  const double r = ratio(hyp_sure + hyp_possible, hyp + sure);
  return std::isnan(r) ? r : 1.0 - r;
}

AerCounts count_links(const Links& hyp_in, const GoldLinks& gold) {
  const Links hyp = normalized(hyp_in);
  AerCounts c;
  c.sentences = 1;
  c.hyp = long(hyp.size());
  c.sure = long(gold.sure.size());
  c.possible = long(gold.possible.size());
  c.hyp_sure = common(hyp, gold.sure);
  c.hyp_possible = common(hyp, gold.possible);
  return c;
}

AerCounts evaluate_lines(LineReader& gold, LineReader& hyp, const EvalOptions& options,
                         std::vector<AerCounts>* per_sentence) {
  AerCounts total;
  LinePairReader pairs(gold, hyp);
  for (std::string g, h; pairs.next(g, h);) {
    GoldLinks gold_links;
    try {
      gold_links = parse_gold(g, options.one_based_gold);
    } catch (const std::invalid_argument& e) {
      throw InputError(gold.name(), gold.line_number(), e.what());
    }
    Links hyp_links = parse_pharaoh_at(h, hyp);
    if (options.reverse_hyp) hyp_links = inverted(hyp_links);
    const AerCounts c = count_links(hyp_links, gold_links);
    if (per_sentence) per_sentence->push_back(c);
    total += c;
  }
  return total;
}

std::string format_aer(const AerCounts& c, bool json) {
  if (!json)
    return "AER = " + percent(c.aer()) + "\nprecision = " + percent(c.precision()) +
           "\nrecall = " + percent(c.recall()) + "\n";
  nlohmann::ordered_json d;
  d["name"] = "AER";
  d["score"] = percent_json(c.aer());
  d["precision"] = percent_json(c.precision());
  d["recall"] = percent_json(c.recall());
  d["sentences"] = c.sentences;
  d["links"] = c.hyp;
  d["sure"] = c.sure;
  d["possible"] = c.possible;
  d["links_sure"] = c.hyp_sure;
  d["links_possible"] = c.hyp_possible;
  return d.dump(1) + "\n";
}

}  // namespace tolmach
