#include "metrics/bleu.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "base/error.h"
#include "metrics/parallel.h"
#include "metrics/text.h"

namespace tolmach::metrics {
namespace {

double default_smooth_value(Smooth s) { return s == Smooth::kFloor ? 0.1 : 1.0; }

// sacreBLEU's my_log: log with log(0) floored to -9999999999.
double floored_log(double x) { return x == 0.0 ? -9999999999.0 : std::log(x); }

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

}  // namespace

Smooth parse_smooth(const std::string& name) {
  if (name == "exp") return Smooth::kExp;
  if (name == "floor") return Smooth::kFloor;
  if (name == "add-k") return Smooth::kAddK;
  if (name == "none") return Smooth::kNone;
  throw UsageError("unknown smoothing method '" + name + "' (choose exp, floor, add-k or none)");
}

BleuResult compute_bleu(std::vector<double> correct, std::vector<double> total, double sys_len,
                        double ref_len, Smooth smooth, std::optional<double> smooth_value,
                        bool effective_order, int max_ngram_order) {
  const double sv = smooth_value ? *smooth_value : default_smooth_value(smooth);
  BleuResult r;
  r.sys_len = sys_len;
  r.ref_len = ref_len;
  r.bp = sys_len < ref_len ? (sys_len > 0 ? std::exp(1 - ref_len / sys_len) : 0.0) : 1.0;
  r.precisions.assign(max_ngram_order, 0.0);
  bool any = false;
  for (int n = 0; n < max_ngram_order; ++n) any = any || correct[n] != 0;
  if (!any) return r;  // score 0 (sacreBLEU #141)

  double smooth_mteval = 1.0;
  int eff_order = max_ngram_order;
  for (int n = 1; n <= max_ngram_order; ++n) {
    if (smooth == Smooth::kAddK && n > 1) {
      correct[n - 1] += sv;
      total[n - 1] += sv;
    }
    if (total[n - 1] == 0) break;
    if (effective_order) eff_order = n;
    if (correct[n - 1] == 0) {
      if (smooth == Smooth::kExp) {
        smooth_mteval *= 2;
        r.precisions[n - 1] = 100.0 / (smooth_mteval * total[n - 1]);
      } else if (smooth == Smooth::kFloor) {
        r.precisions[n - 1] = 100.0 * sv / total[n - 1];
      }
    } else {
      r.precisions[n - 1] = 100.0 * correct[n - 1] / total[n - 1];
    }
  }
  double log_sum = 0.0;
  for (int n = 0; n < eff_order; ++n) log_sum += floored_log(r.precisions[n]);
  r.score = r.bp * std::exp(log_sum / eff_order);
  return r;
}

Bleu::Bleu(BleuOptions opt) : opt_(std::move(opt)) {}

std::string Bleu::preprocess(const std::string& line) const {
  if (opt_.lowercase) return tokenize_bleu(rstrip_ws(py_lower(line)), opt_.tokenizer);
  return tokenize_bleu(rstrip_ws(line), opt_.tokenizer);
}

void Bleu::cache_references(const RefStreams& refs, int threads) {
  refs_ = prepare_references(refs, threads, [this](const std::string& r) { return preprocess(r); });
}

namespace {
struct BleuScratch {
  SegmentVocab vocab;
  std::vector<std::string_view> words;
  std::vector<uint32_t> ids, ref_ids;
  NgramTable table, other;
};
}  // namespace

void Bleu::segment_stats(const std::string& hyp, size_t seg, double* out) const {
  thread_local BleuScratch sc;
  const auto& refs = refs_[seg];
  const int order = opt_.max_ngram_order;
  sc.vocab.clear();
  for (const std::string& r : refs) {
    split_ws(r, sc.words);
    for (std::string_view w : sc.words) sc.vocab.add(w);
  }
  sc.vocab.finish();
  const int bits = sc.vocab.bits();
  std::vector<long> lens;
  for (size_t r = 0; r < refs.size(); ++r) {
    split_ws(refs[r], sc.words);
    sc.ids.clear();
    for (std::string_view w : sc.words) sc.ids.push_back(sc.vocab.find(w));
    lens.push_back(static_cast<long>(sc.ids.size()));
    if (refs.size() == 1) {
      sc.ref_ids.swap(sc.ids);  // one reference: matched directly, no table needed
    } else if (r == 0) {
      sc.table.assign(sc.ids, bits, order);
    } else {  // clip by the maximum count over the references
      sc.other.assign(sc.ids, bits, order);
      sc.table.merge_max(sc.other);
    }
  }
  const std::string tok = preprocess(hyp);
  split_ws(tok, sc.words);
  sc.ids.clear();
  for (std::string_view w : sc.words) sc.ids.push_back(sc.vocab.find(w));
  const long hyp_len = static_cast<long>(sc.ids.size());

  long closest_diff = -1, closest_len = -1;
  for (long len : lens) {
    const long diff = std::labs(hyp_len - len);
    if (closest_diff == -1 || diff < closest_diff) {
      closest_diff = diff;
      closest_len = len;
    } else if (diff == closest_diff && len < closest_len) {
      closest_len = len;
    }
  }
  out[0] = static_cast<double>(hyp_len);
  out[1] = static_cast<double>(closest_len);
  for (int o = 1; o <= order; ++o) {
    out[2 + o - 1] = static_cast<double>(refs.size() == 1 ? clipped_matches(sc.ids, sc.ref_ids, bits, o)
                                                          : clipped_matches(sc.ids, bits, o, sc.table));
    out[2 + order + o - 1] = static_cast<double>(std::max(0L, hyp_len - o + 1));
  }
}

Score Bleu::score(const double* stats) const {
  const int order = opt_.max_ngram_order;
  std::vector<double> correct(stats + 2, stats + 2 + order);
  std::vector<double> total(stats + 2 + order, stats + 2 + 2 * order);
  // sacreBLEU truncates the lengths with int() before use.
  const BleuResult r = compute_bleu(correct, total, std::trunc(stats[0]), std::trunc(stats[1]),
                                    opt_.smooth, opt_.smooth_value, opt_.effective_order, order);
  Score s;
  s.name = "BLEU";
  s.score = r.score;
  std::string prec;
  for (double p : r.precisions) {
    if (!prec.empty()) prec += '/';
    prec += fixed(p, 1);
  }
  const double ratio = r.ref_len != 0 ? r.sys_len / r.ref_len : 0.0;
  s.verbose = prec + " (BP = " + fixed(r.bp, 3) + " ratio = " + fixed(ratio, 3) +
              " hyp_len = " + std::to_string(static_cast<long>(r.sys_len)) +
              " ref_len = " + std::to_string(static_cast<long>(r.ref_len)) + ")";
  return s;
}

void Bleu::signature_fields(Signature& sig) const {
  sig.set("case", opt_.lowercase ? "lc" : "mixed", "c");
  sig.set("eff", opt_.effective_order ? "yes" : "no", "e");
  sig.set("tok", bleu_tokenizer_name(opt_.tokenizer));
  std::string smooth;
  switch (opt_.smooth) {
    case Smooth::kExp: smooth = "exp"; break;
    case Smooth::kNone: smooth = "none"; break;
    case Smooth::kFloor: smooth = "floor[" + fixed(opt_.smooth_value.value_or(0.1), 2) + "]"; break;
    case Smooth::kAddK: smooth = "add-k[" + fixed(opt_.smooth_value.value_or(1.0), 2) + "]"; break;
  }
  sig.set("smooth", smooth, "s");
}

}  // namespace tolmach::metrics
