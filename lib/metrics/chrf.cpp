#include "metrics/chrf.h"

#include <algorithm>
#include <cstring>

#include "metrics/parallel.h"
#include "metrics/text.h"

namespace tolmach::metrics {
namespace {

bool is_ascii_punct(char c) { return c != 0 && std::strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c); }

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

struct Chrf::Scratch {
  std::vector<uint32_t> alphabet;  // sorted code points of the segment's references
  uint32_t ascii_id[128];          // alphabet id of each ASCII character (0: absent)
  SegmentVocab words;
  std::vector<std::string> word_store;
  std::vector<uint32_t> chars, word_ids;
  std::vector<std::vector<uint32_t>> ref_chars, ref_words;
};

void Chrf::symbols(const std::string& line, Scratch& sc, std::vector<uint32_t>& chars,
                   std::vector<uint32_t>& words) const {
  chars.clear();
  words.clear();
  for (size_t i = 0; i < line.size();) {
    const char32_t c = next_code_point(line, i);
    if (!opt_.whitespace && is_py_space(c)) continue;
    if (c < 128) {  // ASCII ids are looked up in a table filled per segment
      chars.push_back(sc.ascii_id[c]);
      continue;
    }
    const auto it = std::lower_bound(sc.alphabet.begin(), sc.alphabet.end(), static_cast<uint32_t>(c));
    chars.push_back(it != sc.alphabet.end() && *it == c
                        ? static_cast<uint32_t>(it - sc.alphabet.begin()) + 1 : 0);
  }
  if (opt_.word_order > 0)
    for (const std::string& w : chrf_words(line)) words.push_back(sc.words.find(w));
}

void Chrf::cache_references(const RefStreams& refs, int threads) {
  refs_ = prepare_references(refs, threads,
                             [this](const std::string& r) { return opt_.lowercase ? py_lower(r) : r; });
}

void Chrf::segment_stats(const std::string& hyp, size_t seg, double* out) const {
  thread_local Scratch sc;
  const auto& refs = refs_[seg];
  // Vocabularies of the segment's references, shared by hypothesis and references.
  sc.alphabet.clear();
  sc.words.clear();
  sc.word_store.clear();
  for (const std::string& line : refs) {
    for (size_t j = 0; j < line.size();) sc.alphabet.push_back(next_code_point(line, j));
    if (opt_.word_order > 0)
      for (std::string& w : chrf_words(line)) sc.word_store.push_back(std::move(w));
  }
  std::sort(sc.alphabet.begin(), sc.alphabet.end());
  sc.alphabet.erase(std::unique(sc.alphabet.begin(), sc.alphabet.end()), sc.alphabet.end());
  std::fill(std::begin(sc.ascii_id), std::end(sc.ascii_id), 0u);
  for (size_t k = 0; k < sc.alphabet.size() && sc.alphabet[k] < 128; ++k)
    sc.ascii_id[sc.alphabet[k]] = static_cast<uint32_t>(k) + 1;
  for (const std::string& w : sc.word_store) sc.words.add(w);
  sc.words.finish();
  const int char_bits = bit_width_of(static_cast<uint32_t>(sc.alphabet.size()));
  const int word_bits = sc.words.bits();
  sc.ref_chars.resize(refs.size());
  sc.ref_words.resize(refs.size());
  for (size_t r = 0; r < refs.size(); ++r) symbols(refs[r], sc, sc.ref_chars[r], sc.ref_words[r]);
  symbols(opt_.lowercase ? py_lower(hyp) : hyp, sc, sc.chars, sc.word_ids);
  const int orders = opt_.char_order + opt_.word_order;
  std::vector<double> best, cur(3 * orders);
  double best_f = -1.0;
  auto count = [](size_t len, int n) { return len >= static_cast<size_t>(n) ? static_cast<double>(len - n + 1) : 0.0; };
  for (size_t r = 0; r < refs.size(); ++r) {
    for (int o = 0; o < orders; ++o) {
      const bool is_char = o < opt_.char_order;
      const int n = is_char ? o + 1 : o - opt_.char_order + 1;
      const double ref_total = count(is_char ? sc.ref_chars[r].size() : sc.ref_words[r].size(), n);
      // sacreBLEU counts hypothesis n-grams only when the reference has some of that order
      cur[3 * o] = ref_total > 0 ? count(is_char ? sc.chars.size() : sc.word_ids.size(), n) : 0.0;
      cur[3 * o + 1] = ref_total;
      cur[3 * o + 2] = static_cast<double>(
          is_char ? clipped_matches(sc.chars, sc.ref_chars[r], char_bits, n)
                  : clipped_matches(sc.word_ids, sc.ref_words[r], word_bits, n));
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
  sig.set("case", opt_.lowercase ? "lc" : "mixed", "c");
  sig.set("eff", opt_.eps_smoothing ? "no" : "yes", "e");
  sig.set("nc", std::to_string(opt_.char_order));
  sig.set("nw", std::to_string(opt_.word_order));
  sig.set("space", opt_.whitespace ? "yes" : "no", "s");
}

}  // namespace tolmach::metrics
