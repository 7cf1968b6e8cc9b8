// The optimised TER (prefix reuse, bit-parallel distance) against a direct transcription of
// sacreBLEU's lib_ter.py (full beam matrix recomputed for every candidate), on random word
// sequences with small vocabularies so that many shifts happen, including long segments
// (beam-limited) and very unequal lengths.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <tuple>

#include "metrics/ter.h"
#include "metrics/tokenize.h"

namespace m = tolmach::metrics;
using Words = std::vector<uint32_t>;

namespace {

constexpr long kInf = 10000000000000000L;

// sacreBLEU's BeamEditDistance._edit_distance without the cache: (distance, trace).
std::pair<long, std::string> beam_ed(const Words& h, const Words& r) {
  const size_t n = h.size(), mr = r.size();
  std::vector<std::vector<std::pair<long, char>>> d(n + 1, std::vector<std::pair<long, char>>(mr + 1, {kInf, 'x'}));
  for (size_t j = 0; j <= mr; ++j) d[0][j] = {static_cast<long>(j), 'i'};
  const double ratio = n ? static_cast<double>(mr) / n : 1.0;
  const int bw = 25 < ratio / 2 ? static_cast<int>(std::ceil(ratio / 2 + 25)) : 25;
  for (size_t i = 1; i <= n; ++i) {
    const long pd = static_cast<long>(std::floor(i * ratio));
    long lo = std::max(0L, pd - bw), hi = std::min(static_cast<long>(mr) + 1, pd + bw);
    if (i == n) hi = static_cast<long>(mr) + 1;
    for (long j = lo; j < hi; ++j) {
      if (j == 0) {
        d[i][j] = {d[i - 1][j].first + 1, 'd'};
        continue;
      }
      const bool eq = h[i - 1] == r[j - 1];
      const std::pair<long, char> ops[] = {{d[i - 1][j - 1].first + (eq ? 0 : 1), eq ? ' ' : 's'},
                                           {d[i - 1][j].first + 1, 'd'},
                                           {d[i][j - 1].first + 1, 'i'}};
      for (const auto& op : ops)
        if (d[i][j].first > op.first) d[i][j] = op;
    }
  }
  std::string trace;
  size_t i = n, j = mr;
  while (i > 0 || j > 0) {
    const char op = d[i][j].second;
    trace.insert(trace.begin(), op);
    if (op == ' ' || op == 's') { --i; --j; }
    else if (op == 'i') --j;
    else --i;
  }
  return {d[n][mr].first, trace};
}

Words perform_shift(const Words& w, long s, long len, long t) {
  auto sl = [&](long a, long b) {
    a = std::clamp(a, 0L, static_cast<long>(w.size()));
    b = std::clamp(b, 0L, static_cast<long>(w.size()));
    return a < b ? Words(w.begin() + a, w.begin() + b) : Words();
  };
  auto cat = [](std::initializer_list<Words> parts) { Words o; for (const auto& p : parts) o.insert(o.end(), p.begin(), p.end()); return o; };
  if (t < s) return cat({sl(0, t), sl(s, s + len), sl(t, s), sl(s + len, w.size())});
  if (t > s + len) return cat({sl(0, s), sl(s + len, t), sl(s, s + len), sl(t, w.size())});
  return cat({sl(0, s), sl(s + len, len + t), sl(s, s + len), sl(len + t, w.size())});
}

long reference_ter(const Words& hyp, const Words& ref) {
  if (ref.empty()) return static_cast<long>(hyp.size());
  Words words = hyp;
  long shifts = 0;
  int checked = 0;
  while (true) {
    auto [pre, inv] = beam_ed(words, ref);
    std::string trace = inv;
    for (char& c : trace) c = c == 'i' ? 'd' : c == 'd' ? 'i' : c;
    std::map<long, long> align;
    std::vector<int> ref_err, hyp_err;
    long ph = -1, pr = -1;
    for (char op : trace) {
      if (op == ' ' || op == 's') { ++ph; ++pr; align[pr] = ph; hyp_err.push_back(op == 's'); ref_err.push_back(op == 's'); }
      else if (op == 'i') { ++ph; hyp_err.push_back(1); }
      else { ++pr; align[pr] = ph; ref_err.push_back(1); }
    }
    bool have = false, stop = false;
    std::tuple<long, long, long, long> best;
    Words best_words;
    const long n = words.size(), mr = ref.size();
    for (long sh = 0; sh < n && !stop; ++sh)
      for (long sr = 0; sr < mr && !stop; ++sr) {
        if (std::labs(sr - sh) > 50) continue;
        long len = 0;
        while (words[sh + len] == ref[sr + len] && len < 10) {
          ++len;
          int he = 0, re = 0;
          for (long k = sh; k < sh + len; ++k) he += hyp_err[k];
          for (long k = sr; k < sr + len; ++k) re += ref_err[k];
          if (he && re && !(sh <= align[sr] && align[sr] < sh + len)) {
            long prev = -1;
            for (long off = -1; off < len; ++off) {
              long idx;
              if (sr + off == -1) idx = 0;
              else if (align.count(sr + off)) idx = align[sr + off] + 1;
              else break;
              if (idx == prev) continue;
              prev = idx;
              Words sw = perform_shift(words, sh, len, idx);
              std::tuple<long, long, long, long> cand{pre - beam_ed(sw, ref).first, len, -sh, -idx};
              ++checked;
              if (!have || cand > best) { have = true; best = cand; best_words = sw; }
            }
            if (checked >= 1000) { stop = true; break; }
          }
          if (n == sh + len || mr == sr + len) break;
        }
      }
    if (checked >= 1000 || !have || std::get<0>(best) <= 0) return shifts + pre;
    ++shifts;
    words = best_words;
  }
}

Words random_words(std::mt19937& g, size_t len, uint32_t vocab) {
  std::uniform_int_distribution<uint32_t> d(0, vocab);  // 0 = a word absent from the reference
  Words w(len);
  for (auto& x : w) x = d(g);
  return w;
}

}  // namespace

TEST(TerShiftSearch, MatchesDirectTranscriptionOfSacrebleu) {
  std::mt19937 g(2024);
  int compared = 0;
  for (int t = 0; t < 400; ++t) {
    const size_t m = 1 + g() % (t % 4 == 0 ? 90 : 30);  // some beyond 64 words / the beam
    const long jitter = static_cast<long>(g() % 11) - 5;
    const size_t n = t % 10 == 0 ? 1 + g() % 8 : static_cast<size_t>(std::max(0L, static_cast<long>(m) + jitter));
    const uint32_t vocab = 2 + g() % 8;
    Words ref = random_words(g, m, vocab), hyp = random_words(g, n, vocab);
    for (auto& w : ref) w = w ? w : 1;  // reference words are ids >= 1
    const auto [edits, len] = m::translation_edit_rate(hyp, ref);
    ASSERT_EQ(len, static_cast<long>(m));
    ASSERT_EQ(edits, reference_ter(hyp, ref)) << "case " << t << " m=" << m << " n=" << n;
    ++compared;
  }
  EXPECT_EQ(compared, 400);
}

TEST(TerShiftSearch, KnownCases) {
  // sacreBLEU test_ter.py: "d e f g h a b c" vs "a b c d e f g h" is one shift (TER 1/8).
  EXPECT_EQ(m::translation_edit_rate({4, 5, 6, 7, 8, 1, 2, 3}, {1, 2, 3, 4, 5, 6, 7, 8}),
            std::make_pair(1L, 8L));
  EXPECT_EQ(m::translation_edit_rate({}, {1, 2}), std::make_pair(2L, 2L));
  EXPECT_EQ(m::translation_edit_rate({1, 2, 3}, {}), std::make_pair(3L, 0L));
}
