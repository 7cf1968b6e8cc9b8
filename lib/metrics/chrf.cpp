#include "metrics/chrf.h"

#include <algorithm>
#include <cstring>

#include "metrics/parallel.h"
#include "metrics/text.h"

namespace tolmach::metrics {
namespace {

bool is_ascii_punct(char c) { return c != 0 && std::strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c); }

// Code point + 1 so that 0 stays free for "matches nothing".
constexpr int kCharBits = 21;

}  // namespace

std::vector<std::string> chrf_words(const std::string& line) {
  std::vector<std::string> out;
  for (std::string_view w : split_ws(line)) {
    size_t first_len = 0;  // byte length of the first character
    next_code_point(w, first_len);
    if (first_len == w.size()) {  // len(w) == 1 in code points
      out.emplace_back(w);
    } else if (is_ascii_punct(w.back())) {
      out.emplace_back(w.substr(0, w.size() - 1));
      out.emplace_back(w.substr(w.size() - 1));
    } else if (is_ascii_punct(w.front())) {
      out.emplace_back(w.substr(0, 1));
      out.emplace_back(w.substr(1));
    } else {
      out.emplace_back(w);
    }
  }
  return out;
}

Chrf::Chrf(ChrfOptions opt) : opt_(opt) {}

Chrf::Ngrams Chrf::extract(const std::string& line, const RefInfo& info) const {
  Ngrams g;
  std::vector<uint32_t> chars;
  chars.reserve(line.size());
  // Code point + 1 keeps 0 free; orders above 6 do not fit 21-bit code points into a 128-bit
  // key, so there the segment's reference characters are interned instead.
  const bool intern = opt_.char_order * kCharBits > 128;
  for (size_t i = 0; i < line.size();) {
    const size_t start = i;
    const char32_t c = next_code_point(line, i);
    if (!opt_.whitespace && is_py_space(c)) continue;
    chars.push_back(intern ? info.chars.find(std::string_view(line).substr(start, i - start))
                           : static_cast<uint32_t>(c) + 1);
  }
  const int bits = intern ? info.chars.bits() : kCharBits;
  for (int n = 1; n <= opt_.char_order; ++n) {
    g.counts.push_back(count_ngrams(chars, bits, n));
    g.totals.push_back(chars.size() >= static_cast<size_t>(n) ? chars.size() - n + 1 : 0);
  }
  if (opt_.word_order > 0) {
    std::vector<uint32_t> ids;
    for (const std::string& w : chrf_words(line)) ids.push_back(info.words.find(w));
    for (int n = 1; n <= opt_.word_order; ++n) {
      g.counts.push_back(count_ngrams(ids, info.words.bits(), n));
      g.totals.push_back(ids.size() >= static_cast<size_t>(n) ? ids.size() - n + 1 : 0);
    }
  }
  return g;
}

void Chrf::cache_references(const RefStreams& refs, int threads) {
  const size_t n = refs.empty() ? 0 : refs[0].size();
  refs_.assign(n, RefInfo{});
  std::vector<size_t> kept_counts(n);
  parallel_for(n, threads, [&](size_t i) {
    const auto kept = kept_refs(refs, i);
    kept_counts[i] = kept.size();
    RefInfo& info = refs_[i];
    std::vector<std::string> lines;
    for (size_t k : kept) lines.push_back(opt_.lowercase ? py_lower(refs[k][i]) : refs[k][i]);
    // Vocabularies first, so every reference of the segment shares them.
    for (const std::string& line : lines) {
      if (opt_.word_order > 0)
        for (const std::string& w : chrf_words(line)) info.words.add(w);
      if (opt_.char_order * kCharBits > 128)
        for (size_t j = 0; j < line.size();) {
          const size_t start = j;
          next_code_point(line, j);
          info.chars.add(std::string_view(line).substr(start, j - start));
        }
    }
    for (const std::string& line : lines) info.refs.push_back(extract(line, info));
  });
  set_ref_counts(kept_counts);
}

void Chrf::segment_stats(const std::string& hyp, size_t seg, double* out) const {
  const RefInfo& info = refs_[seg];
  const Ngrams h = extract(opt_.lowercase ? py_lower(hyp) : hyp, info);
  const size_t orders = h.counts.size();
  std::vector<double> best, cur(3 * orders);
  double best_f = -1.0;
  for (const Ngrams& r : info.refs) {
    for (size_t o = 0; o < orders; ++o) {
      const bool ref_has = r.totals[o] > 0;
      cur[3 * o] = ref_has ? static_cast<double>(h.totals[o]) : 0.0;
      cur[3 * o + 1] = static_cast<double>(r.totals[o]);
      cur[3 * o + 2] = static_cast<double>(clipped_matches(h.counts[o], r.counts[o]));
    }
    const double f = f_score(cur.data());
    if (f > best_f) {
      best_f = f;
      best = cur;
    }
  }
  std::copy(best.begin(), best.end(), out);
}

double Chrf::f_score(const double* stats) const {
  const double eps = 1e-16;
  const double factor = static_cast<double>(opt_.beta) * opt_.beta;
  const int order = opt_.char_order + opt_.word_order;
  double score = 0.0, avg_prec = 0.0, avg_rec = 0.0;
  int effective_order = 0;
  for (int i = 0; i < order; ++i) {
    const double n_hyp = stats[3 * i], n_ref = stats[3 * i + 1], n_match = stats[3 * i + 2];
    const double prec = n_hyp > 0 ? n_match / n_hyp : eps;
    const double rec = n_ref > 0 ? n_match / n_ref : eps;
    const double denom = factor * prec + rec;
    score += denom > 0 ? (1 + factor) * prec * rec / denom : eps;
    if (n_hyp > 0 && n_ref > 0) {
      avg_prec += prec;
      avg_rec += rec;
      ++effective_order;
    }
  }
  if (opt_.eps_smoothing) return 100 * score / order;
  if (effective_order == 0) {
    avg_prec = avg_rec = 0.0;
  } else {
    avg_prec /= effective_order;
    avg_rec /= effective_order;
  }
  if (avg_prec + avg_rec != 0) {
    double s = (1 + factor) * avg_prec * avg_rec;
    s /= (factor * avg_prec) + avg_rec;
    return 100 * s;
  }
  return 0.0;
}

Score Chrf::score(const double* stats) const {
  Score s;
  s.name = "chrF" + std::to_string(opt_.beta) + std::string(opt_.word_order, '+');
  s.score = f_score(stats);
  return s;
}

void Chrf::signature_fields(Signature& sig) const {
  sig.set("case", opt_.lowercase ? "lc" : "mixed");
  sig.set("eff", opt_.eps_smoothing ? "no" : "yes");
  sig.set("nc", std::to_string(opt_.char_order));
  sig.set("nw", std::to_string(opt_.word_order));
  sig.set("space", opt_.whitespace ? "yes" : "no");
}

}  // namespace tolmach::metrics
