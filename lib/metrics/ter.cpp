#include "metrics/ter.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <tuple>

#include "metrics/parallel.h"
#include "metrics/text.h"

namespace tolmach::metrics {
namespace {

constexpr int kMaxShiftSize = 10;
constexpr int kMaxShiftDist = 50;
constexpr int kBeamWidth = 25;
constexpr int kMaxShiftCandidates = 1000;
constexpr int32_t kInf = 1000000000;  // like sacreBLEU's 1e16: never chosen over a real cost

// Edit distance between one reference and hypotheses of a fixed length n, restricted to
// sacreBLEU's beam. One hypothesis is the "base": its full matrix (with operations, for the
// trace) is kept, and candidates that share a prefix with it only recompute later rows.
class BeamEditDistance {
 public:
  BeamEditDistance(const std::vector<uint32_t>& ref, size_t n) : ref_(ref), m_(ref.size()), n_(n) {
    const double ratio = n ? static_cast<double>(m_) / static_cast<double>(n) : 1.0;
    const int bw = kBeamWidth < ratio / 2 ? static_cast<int>(std::ceil(ratio / 2 + kBeamWidth))
                                          : kBeamWidth;
    lo_.assign(n + 1, 0);
    hi_.assign(n + 1, static_cast<int>(m_) + 1);
    bool full = true;
    for (size_t i = 1; i <= n; ++i) {
      const long pd = static_cast<long>(std::floor(static_cast<double>(i) * ratio));
      lo_[i] = static_cast<int>(std::max(0L, pd - bw));
      hi_[i] = static_cast<int>(std::min(static_cast<long>(m_) + 1, pd + bw));
      if (i == n) hi_[i] = static_cast<int>(m_) + 1;
      full = full && lo_[i] == 0 && hi_[i] == static_cast<int>(m_) + 1;
    }
    // Distances come from the bit-parallel Levenshtein algorithm (Myers/Hyyro) when they are
    // provably the beam's: when the beam covers the matrix, or when no path of that cost can
    // leave it (a path through cell (i, j) costs at least |i - j| + |(n - i) - (m - j)|).
    bit_parallel_ = m_ >= 1 && m_ <= 64;
    min_outside_cost_ = std::numeric_limits<int32_t>::max();
    if (!full)
      for (size_t i = 1; i <= n; ++i)
        for (long j = 0; j <= static_cast<long>(m_); ++j)
          if (j < lo_[i] || j >= hi_[i]) {
            const long c = std::labs(static_cast<long>(i) - j) +
                           std::labs(static_cast<long>(n - i) - (static_cast<long>(m_) - j));
            min_outside_cost_ = std::min<int32_t>(min_outside_cost_, static_cast<int32_t>(c));
          }
    if (bit_parallel_) {
      uint32_t max_id = 0;
      for (uint32_t w : ref_) max_id = std::max(max_id, w);
      peq_.assign(max_id + 1, 0);
      for (size_t j = 0; j < m_; ++j) peq_[ref_[j]] |= uint64_t(1) << j;
      vp_.resize(n + 1);
      vn_.resize(n + 1);
      score_.resize(n + 1);
    }
    cost_.assign((n + 1) * (m_ + 1), kInf);
    op_.assign((n + 1) * (m_ + 1), 'x');
    prev_.resize(m_ + 1);
    cur_.resize(m_ + 1);
  }

  // Full matrix (and trace) for `hyp`, which becomes the base. Returns the distance.
  int32_t set_base(const std::vector<uint32_t>& hyp) {
    const size_t w = m_ + 1;
    for (size_t j = 0; j <= m_; ++j) {
      cost_[j] = static_cast<int32_t>(j);
      op_[j] = 'i';
    }
    for (size_t i = 1; i <= n_; ++i) {
      int32_t* c = &cost_[i * w];
      char* o = &op_[i * w];
      const int32_t* p = &cost_[(i - 1) * w];
      std::fill(c, c + w, kInf);
      std::fill(o, o + w, 'x');
      for (int j = lo_[i]; j < hi_[i]; ++j) {
        if (j == 0) {
          c[0] = p[0] + 1;
          o[0] = 'd';
          continue;
        }
        const bool match = hyp[i - 1] == ref_[j - 1];
        int32_t best = kInf;
        char bop = 'x';
        const int32_t diag = p[j - 1] + (match ? 0 : 1);
        if (best > diag) { best = diag; bop = match ? ' ' : 's'; }
        const int32_t up = p[j] + 1;
        if (best > up) { best = up; bop = 'd'; }
        const int32_t left = c[j - 1] + 1;
        if (best > left) { best = left; bop = 'i'; }
        c[j] = best;
        o[j] = bop;
      }
    }
    if (bit_parallel_) {
      vp_[0] = ~uint64_t(0);
      vn_[0] = 0;
      score_[0] = static_cast<int32_t>(m_);
      for (size_t i = 1; i <= n_; ++i) myers_step(hyp[i - 1], vp_[i - 1], vn_[i - 1], score_[i - 1], vp_[i], vn_[i], score_[i]);
    }
    return cost_[n_ * w + m_];
  }

  // Trace of the base, from its end back to (0, 0).
  std::string trace() const {
    std::string t;
    const size_t w = m_ + 1;
    size_t i = n_, j = m_;
    while (i > 0 || j > 0) {
      const char o = op_[i * w + j];
      t += o;
      if (o == ' ' || o == 's') { --i; --j; }
      else if (o == 'i') --j;
      else if (o == 'd') --i;
      else break;  // outside the beam: cannot happen for a reachable end cell
    }
    std::reverse(t.begin(), t.end());
    return t;
  }

  // Distance of `hyp`, equal to the base in its first `same` words.
  int32_t distance(const std::vector<uint32_t>& hyp, size_t same) {
    if (bit_parallel_) {
      uint64_t vp = vp_[same], vn = vn_[same];
      int32_t d = score_[same];
      for (size_t i = same + 1; i <= n_; ++i) myers_step(hyp[i - 1], vp, vn, d, vp, vn, d);
      if (d < min_outside_cost_) return d;
    }
    const size_t w = m_ + 1;
    if (same >= n_) return cost_[n_ * w + m_];
    std::copy(&cost_[same * w], &cost_[same * w] + w, prev_.begin());
    for (size_t i = same + 1; i <= n_; ++i) {
      std::fill(cur_.begin(), cur_.end(), kInf);
      for (int j = lo_[i]; j < hi_[i]; ++j) {
        if (j == 0) {
          cur_[0] = prev_[0] + 1;
          continue;
        }
        int32_t best = prev_[j - 1] + (hyp[i - 1] == ref_[j - 1] ? 0 : 1);
        best = std::min(best, prev_[j] + 1);
        best = std::min(best, cur_[j - 1] + 1);
        cur_[j] = std::min(best, kInf);
      }
      prev_.swap(cur_);
    }
    return prev_[m_];
  }

 private:
  void myers_step(uint32_t word, uint64_t vp, uint64_t vn, int32_t d, uint64_t& out_vp,
                  uint64_t& out_vn, int32_t& out_d) const {
    const uint64_t eq = word < peq_.size() ? peq_[word] : 0;
    const uint64_t top = uint64_t(1) << (m_ - 1);
    const uint64_t d0 = (((eq & vp) + vp) ^ vp) | eq | vn;
    uint64_t hp = vn | ~(d0 | vp);
    uint64_t hn = d0 & vp;
    if (hp & top) ++d;
    else if (hn & top) --d;
    hp = (hp << 1) | 1;
    hn <<= 1;
    out_vp = hn | ~(d0 | hp);
    out_vn = d0 & hp;
    out_d = d;
  }

  const std::vector<uint32_t>& ref_;
  size_t m_, n_;
  std::vector<int> lo_, hi_;
  bool bit_parallel_ = false;
  int32_t min_outside_cost_ = 0;  // cheapest full path through a cell outside the beam
  std::vector<uint64_t> peq_, vp_, vn_;
  std::vector<int32_t> score_;
  std::vector<int32_t> cost_, prev_, cur_;
  std::vector<char> op_;
};

// Python-slice concatenation of sacreBLEU's _perform_shift.
void perform_shift(const std::vector<uint32_t>& w, long start, long length, long target,
                   std::vector<uint32_t>& out) {
  const long n = static_cast<long>(w.size());
  out.clear();
  auto put = [&](long a, long b) {
    a = std::clamp(a, 0L, n);
    b = std::clamp(b, 0L, n);
    for (long k = a; k < b; ++k) out.push_back(w[k]);
  };
  if (target < start) {
    put(0, target);
    put(start, start + length);
    put(target, start);
    put(start + length, n);
  } else if (target > start + length) {
    put(0, start);
    put(start + length, target);
    put(start, start + length);
    put(target, n);
  } else {
    put(0, start);
    put(start + length, length + target);
    put(start, start + length);
    put(length + target, n);
  }
}

}  // namespace

std::pair<long, long> translation_edit_rate(const std::vector<uint32_t>& hyp,
                                            const std::vector<uint32_t>& ref) {
  const long m = static_cast<long>(ref.size());
  const long n = static_cast<long>(hyp.size());
  if (m == 0) return {n, 0};
  BeamEditDistance ed(ref, hyp.size());
  std::vector<uint32_t> words = hyp, shifted, best_words;
  long shifts = 0;
  int checked = 0;
  int32_t score = 0;
  std::vector<long> align(m);
  std::vector<char> ref_err(m), hyp_err(n);
  while (true) {
    score = ed.set_base(words);
    // Alignment of the flipped trace (rewrite reference into hypothesis).
    {
      long ph = -1, pr = -1;
      size_t he = 0, re = 0;
      for (char op : ed.trace()) {
        if (op == ' ' || op == 's') {
          ++ph; ++pr;
          align[pr] = ph;
          hyp_err[he++] = op == 's';
          ref_err[re++] = op == 's';
        } else if (op == 'd') {  // flipped: hypothesis word inserted
          ++ph;
          hyp_err[he++] = 1;
        } else if (op == 'i') {  // flipped: reference word deleted
          ++pr;
          align[pr] = ph;
          ref_err[re++] = 1;
        }
      }
    }
    bool have_best = false;
    std::tuple<long, long, long, long> best{0, 0, 0, 0};
    bool stop = false;
    for (long sh = 0; sh < n && !stop; ++sh) {
      for (long sr = 0; sr < m && !stop; ++sr) {
        if (std::labs(sr - sh) > kMaxShiftDist) continue;
        for (long len = 0; words[sh + len] == ref[sr + len] && len < kMaxShiftSize;) {
          ++len;
          // A shift is tried only where both sides have errors and it moves the block.
          bool hyp_wrong = false, ref_wrong = false;
          for (long k = sh; k < sh + len; ++k) hyp_wrong = hyp_wrong || hyp_err[k];
          for (long k = sr; k < sr + len; ++k) ref_wrong = ref_wrong || ref_err[k];
          if (hyp_wrong && ref_wrong && !(sh <= align[sr] && align[sr] < sh + len)) {
            long prev_idx = -1;
            for (long off = -1; off < len; ++off) {
              long idx;
              if (sr + off == -1) idx = 0;
              else if (sr + off < m) idx = align[sr + off] + 1;
              else break;
              if (idx == prev_idx) continue;
              prev_idx = idx;
              perform_shift(words, sh, len, idx, shifted);
              const long gain = score - ed.distance(shifted, static_cast<size_t>(std::min(sh, idx)));
              const std::tuple<long, long, long, long> cand{gain, len, -sh, -idx};
              ++checked;
              if (!have_best || cand > best) {
                have_best = true;
                best = cand;
                best_words = shifted;
              }
            }
            if (checked >= kMaxShiftCandidates) stop = true;
          }
          if (stop || n == sh + len || m == sr + len) break;
        }
      }
    }
    if (checked >= kMaxShiftCandidates) break;
    if (!have_best || std::get<0>(best) <= 0) break;
    ++shifts;
    words = best_words;
  }
  return {shifts + score, m};
}

Ter::Ter(TerOptions opt) : opt_(opt) {
  tok_.normalized = opt.normalized;
  tok_.no_punct = opt.no_punct;
  tok_.asian_support = opt.asian_support;
  tok_.case_sensitive = opt.case_sensitive;
}

std::string Ter::preprocess(const std::string& line) const {
  return tokenize_tercom(rstrip_ws(line), tok_);
}

void Ter::cache_references(const RefStreams& refs, int threads) {
  refs_ = prepare_references(refs, threads, [this](const std::string& r) { return preprocess(r); });
}

void Ter::segment_stats(const std::string& hyp, size_t seg, double* out) const {
  thread_local SegmentVocab vocab;
  thread_local std::vector<std::string_view> words;
  const auto& refs = refs_[seg];
  vocab.clear();
  for (const std::string& r : refs) {
    split_ws(r, words);
    for (std::string_view w : words) vocab.add(w);
  }
  vocab.finish();
  const std::string tok = preprocess(hyp);
  split_ws(tok, words);
  std::vector<uint32_t> hyp_ids, ref_ids;
  for (std::string_view w : words) hyp_ids.push_back(vocab.find(w));
  long best = static_cast<long>(1e16);
  long ref_lengths = 0;
  for (const std::string& r : refs) {
    split_ws(r, words);
    ref_ids.clear();
    for (std::string_view w : words) ref_ids.push_back(vocab.find(w));
    const auto [edits, len] = translation_edit_rate(hyp_ids, ref_ids);
    ref_lengths += len;
    best = std::min(best, edits);
  }
  out[0] = static_cast<double>(best);
  out[1] = static_cast<double>(ref_lengths) / static_cast<double>(refs.size());
}

Score Ter::score(const double* stats) const {
  Score s;
  s.name = "TER";
  const double edits = stats[0], ref_len = stats[1];
  double v;
  if (ref_len > 0) v = edits / ref_len;
  else if (edits > 0) v = 1.0;
  else v = 0.0;
  s.score = 100 * v;
  return s;
}

void Ter::signature_fields(Signature& sig) const {
  sig.set("case", opt_.case_sensitive ? "mixed" : "lc", "c");
  sig.set("tok", "tercom", "t");
  sig.set("norm", opt_.normalized ? "yes" : "no", "nr");
  sig.set("punct", opt_.no_punct ? "no" : "yes", "pn");
  sig.set("asian", opt_.asian_support ? "yes" : "no", "as");
}

}  // namespace tolmach::metrics
