#include "align/ibm2.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <utility>

#include "align/diagonal_prior.h"
#include "align/pair_index.h"

namespace tolmach {

namespace ibm2 {

double digamma(double x) {
  double result = 0;
  for (; x < 10; ++x) result -= 1 / x;  // psi(x) = psi(x+1) - 1/x, up to where the series is good
  const double r = 1 / x, r2 = r * r;
  return result + std::log(x) - 0.5 * r -
         r2 * (1.0 / 12 - r2 * (1.0 / 120 - r2 * (1.0 / 252 - r2 * (1.0 / 240 - r2 / 132))));
}

}  // namespace ibm2

// Per-thread buffers of one pass, sized for the longest given sentence.
struct Ibm2::Scratch {
  std::vector<double> prior, scores;
  double z = 0;  // the diagonal prior's normaliser of the last row scored
  explicit Scratch(int max_n) : prior(max_n + 1), scores(max_n + 1) {}
};

Ibm2::Ibm2(const Bitext& bitext, const Ibm2Options& options)
    : bitext_(bitext), options_(options), tension_(options.tension) {
  if (options_.iterations < 1) throw std::invalid_argument("iterations must be at least 1");
  if (!(options_.p0 >= 0 && options_.p0 < 1)) throw std::invalid_argument("p0 must be in [0, 1)");
  if (!(options_.tension >= 0)) throw std::invalid_argument("tension must be >= 0");
  if (options_.variational_bayes && !(options_.alpha > 0)) throw std::invalid_argument("alpha must be > 0");
  build_tables();
}

void Ibm2::build_tables() {
  PairIndex index;
  std::map<std::pair<int, int>, uint32_t> shape_ids;
  shape_of_.assign(bitext_.size(), 0);
  cell_start_.assign(bitext_.size() + 1, 0);
  for (size_t k = 0; k < bitext_.size(); ++k) {
    const WordSpan e = given(k), f = predicted(k);
    cell_start_[k] = cells_.size();
    if (e.size() == 0 || f.size() == 0) continue;  // nothing to learn, nothing to link
    max_given_ = std::max(max_given_, e.size());
    const auto [it, added] = shape_ids.emplace(std::pair(f.size(), e.size()), uint32_t(shapes_.size()));
    if (added) {
      shapes_.push_back({f.size(), e.size(), mass_slots_, 0.0});
      mass_slots_ += f.size();
    }
    shape_of_[k] = it->second;
    shapes_[it->second].pairs += 1;
    // Row by row of the index (given word outer) so that its rows stay in cache.
    const size_t base = cells_.size(), row = size_t(e.size()) + 1;
    cells_.resize(base + row * f.size());
    for (int i = 0; i <= e.size(); ++i) {
      const uint32_t ew = i == 0 ? 0 : uint32_t(e[i - 1]) + 1;
      for (int j = 0; j < f.size(); ++j) cells_[base + j * row + i] = index.insert(ew, f[j]);
    }
  }
  cell_start_[bitext_.size()] = cells_.size();
  // The given word of each entry, found again by walking the cells (PairIndex keeps no list).
  entry_given_.resize(index.size());
  for (size_t k = 0; k < bitext_.size(); ++k) {
    const WordSpan e = given(k), f = predicted(k);
    if (e.size() == 0 || f.size() == 0) continue;
    const uint32_t* cell = cells_.data() + cell_start_[k];
    for (int j = 0; j < f.size(); ++j, cell += e.size() + 1) {
      entry_given_[cell[0]] = 0;
      for (int i = 0; i < e.size(); ++i) entry_given_[cell[i + 1]] = uint32_t(e[i]) + 1;
    }
  }
  // Before the first M-step t is uniform over the predicted vocabulary (any constant gives
  // fast_align's first-pass posteriors; this one makes the likelihood a real one).
  const int vocab = options_.reverse ? bitext_.left_vocab_size() : bitext_.right_vocab_size();
  prob_.assign(index.size(), vocab > 0 ? 1.0 / vocab : 1.0);
  count_.assign(index.size(), 0.0);
}

double Ibm2::link_scores(size_t k, int j, int m, int n, Scratch& s) const {
  const uint32_t* cell = cells_.data() + cell_start_[k] + size_t(j) * (n + 1);
  double* p = s.scores.data();
  const bool null = options_.use_null;
  double sum = 0;
  if (options_.favor_diagonal) {
    double* w = s.prior.data();
    const double z = s.z = ibm2::diagonal_row(j + 1, m, n, tension_, w);
    const double scale = (null ? 1 - options_.p0 : 1.0) / z;
    p[0] = null ? prob_[cell[0]] * options_.p0 : 0.0;
    sum = p[0];
    for (int i = 1; i <= n; ++i) sum += p[i] = prob_[cell[i]] * (w[i] * scale);
  } else {
    const double uniform = 1.0 / (n + null);
    p[0] = null ? prob_[cell[0]] * uniform : 0.0;
    sum = p[0];
    for (int i = 1; i <= n; ++i) sum += p[i] = prob_[cell[i]] * uniform;
  }
  return sum;
}

void Ibm2::e_step_pair(size_t k, bool fit, double* counts, double* mass, Scratch& s, Ibm2Stats& acc,
                       double& feature) const {
  const int n = given(k).size(), m = predicted(k).size();
  if (n == 0 || m == 0) return;
  const bool exact = options_.exact_tension_gradient;
  if (fit && exact) mass += shapes_[shape_of_[k]].offset;
  const double* p = s.scores.data();
  const double inv_n = 1.0 / n;
  for (int j = 0; j < m; ++j) {
    const double sum = link_scores(k, j, m, n, s);
    acc.tokens += 1;
    if (!(sum > 0)) continue;  // underflow: no evidence from this word
    acc.log_likelihood += std::log(sum);
    const uint32_t* cell = cells_.data() + cell_start_[k] + size_t(j) * (n + 1);
    const double inv = 1 / sum;
    acc.posterior_null += p[0] * inv;
    counts[cell[0]] += p[0] * inv;
    if (!fit) {
      for (int i = 1; i <= n; ++i) counts[cell[i]] += p[i] * inv;
      continue;
    }
    // The feature -|i/n - pos/m| at the prior's 1-based position (exact) or, as fast_align
    // has it, at the 0-based one.
    const double pos = double(exact ? j + 1 : j) / m;
    double hq = 0;
    for (int i = 1; i <= n; ++i) {
      const double q = p[i] * inv;
      counts[cell[i]] += q;
      hq -= std::fabs(i * inv_n - pos) * q;
    }
    feature += hq;
    if (exact) mass[j] += 1 - p[0] * inv;
  }
}

Ibm2Stats Ibm2::em_iteration() {
  const int threads = std::max(1, omp_get_max_threads());
  thread_counts_.resize(threads - 1);
  for (auto& c : thread_counts_) c.assign(count_.size(), 0.0);
  Ibm2Stats total;
  const bool fit = options_.favor_diagonal && options_.optimize_tension && iteration_ > 0;
  const size_t mass_slots = fit && options_.exact_tension_gradient ? mass_slots_ : 0;
  double feature = 0;
  std::vector<double> mass(mass_slots, 0.0);
  const int64_t pairs = static_cast<int64_t>(bitext_.size());
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num();
    double* counts = t == 0 ? count_.data() : thread_counts_[t - 1].data();
    Scratch scratch(max_given_);
    Ibm2Stats acc;
    double h = 0;
    std::vector<double> my_mass(mass_slots, 0.0);
#pragma omp for schedule(dynamic, 256) nowait
    for (int64_t k = 0; k < pairs; ++k) e_step_pair(size_t(k), fit, counts, my_mass.data(), scratch, acc, h);
#pragma omp critical
    {
      for (size_t i = 0; i < mass_slots; ++i) mass[i] += my_mass[i];
      total.log_likelihood += acc.log_likelihood;
      total.tokens += acc.tokens;
      total.posterior_null += acc.posterior_null;
      feature += h;
    }
  }
  if (!thread_counts_.empty()) {
    const int64_t entries = static_cast<int64_t>(count_.size());
#pragma omp parallel for num_threads(threads) schedule(static)
    for (int64_t c = 0; c < entries; ++c)
      for (const auto& other : thread_counts_) count_[c] += other[c];
  }
  if (fit)
    optimize_tension(total.tokens > 0 ? feature / total.tokens : 0.0, mass, total.tokens);
  m_step();
  total.iteration = ++iteration_;
  total.posterior_null = total.tokens > 0 ? total.posterior_null / total.tokens : 0.0;
  total.tension = tension_;
  return total;
}

// -o: fast_align's update, eight steps of size 20 along (empirical - expected feature) per
// predicted word, lambda kept in [0.1, 14], after the E-step of every pass but the first.
//
// By default the steps are fast_align's own, so that -d -o gives its tension, pass by pass, and
// its links. Its gradient has three slips (fast_align.cc, da.h):
//  (a) the empirical feature is taken at the target word's 0-based position j, while the prior
//      it is meant to fit uses j + 1;
//  (b) the expected feature of every target position counts with weight 1, while the empirical
//      side only sums the non-NULL posterior (about 1 - p0 a word);
//  (c) ComputeDLogZ divides the sum of h * exp(lambda h) by ComputeZ with m and n swapped
//      (ibm2::fast_align_expected_feature).
// (a) makes the empirical feature more negative and pulls the tension down; (b) makes the
// expected one more negative and pushes it up; (c) shrinks the expected feature's size (pulls
// down) where the predicted side is the longer one, the other way round where it is shorter.
// On real text fast_align ends near 7-10.
//
// --exact-tension-gradient instead steps along the gradient of the expected complete-data
// log-likelihood: the empirical feature at the 1-based position, and each position's expected
// feature d log Z / d lambda weighed by that position's non-NULL posterior mass, summed over
// the pairs of its shape. That tension tends to run up to the 14 clamp, and the links
// differ from fast_align's (AER by a couple of points either way, depending on the data).
void Ibm2::optimize_tension(double empirical_feature, const std::vector<double>& mass, double tokens) {
  if (tokens <= 0) return;
  const bool exact = options_.exact_tension_gradient;
  for (int step = 0; step < 8; ++step) {
    double expected = 0;
#pragma omp parallel for reduction(+ : expected) schedule(dynamic, 16)
    for (int64_t s = 0; s < static_cast<int64_t>(shapes_.size()); ++s) {
      const Shape& shape = shapes_[s];
      double e = 0;
      if (exact) {
        for (int j = 1; j <= shape.m; ++j)
          e += mass[shape.offset + j - 1] * ibm2::diagonal_expected_feature(j, shape.m, shape.n, tension_);
      } else {
        for (int j = 1; j <= shape.m; ++j) e += ibm2::fast_align_expected_feature(j, shape.m, shape.n, tension_);
        e *= shape.pairs;
      }
      expected += e;
    }
    tension_ += (empirical_feature - expected / tokens) * 20.0;
    tension_ = std::clamp(tension_, 0.1, 14.0);
  }
}

void Ibm2::m_step() {
  const size_t entries = count_.size();
  const int given_words = (options_.reverse ? bitext_.right_vocab_size() : bitext_.left_vocab_size()) + 1;
  std::vector<double> total(given_words, 0.0);
  const bool vb = options_.variational_bayes;
  const double alpha = options_.alpha;
  for (size_t c = 0; c < entries; ++c) total[entry_given_[c]] += vb ? count_[c] + alpha : count_[c];
  if (vb) {
    // Mean-field update under a symmetric Dirichlet(alpha) over the words seen with e.
    for (double& t : total) t = t > 0 ? ibm2::digamma(t) : 0.0;
    for (size_t c = 0; c < entries; ++c)
      prob_[c] = std::exp(ibm2::digamma(count_[c] + alpha) - total[entry_given_[c]]);
  } else {
    for (size_t c = 0; c < entries; ++c) {
      const double t = total[entry_given_[c]];
      prob_[c] = t > 0 ? count_[c] / t : 0.0;
    }
  }
  std::fill(count_.begin(), count_.end(), 0.0);
}

void Ibm2::align_pair(size_t k, Scratch& s, Links& links, Ibm2Stats& acc) const {
  links.clear();
  const int n = given(k).size(), m = predicted(k).size();
  if (n == 0 || m == 0) return;
  const double* p = s.scores.data();
  for (int j = 0; j < m; ++j) {
    const double sum = link_scores(k, j, m, n, s);
    acc.tokens += 1;
    if (sum > 0) {
      acc.log_likelihood += std::log(sum);
      acc.posterior_null += p[0] / sum;
    }
    int best = options_.use_null ? 0 : 1;
    for (int i = best + 1; i <= n; ++i)
      if (p[i] > p[best]) best = i;
    if (options_.favor_diagonal && best > 0) best = settle_tie(k, j, m, n, best, s);
    if (best > 0) links.push_back(options_.reverse ? Link{j, best - 1} : Link{best - 1, j});
  }
  std::sort(links.begin(), links.end());  // forward links come in target order
}

// Two given positions equally far from the diagonal (i1 + i2 = 2 (j+1) n / m) have the same
// prior weight, and when they hold the same word the same score: a tie in exact arithmetic
// that rounding decides. The row's weights here come from a geometric recursion, fast_align's
// from one exp() a cell; so near-ties are scored again the way fast_align scores them,
// t * (exp(lambda h) / (Z / (1 - p0))), and the first best kept, as its argmax does.
int Ibm2::settle_tie(size_t k, int j, int m, int n, int best, const Scratch& s) const {
  const double* p = s.scores.data();
  const double near = p[best] * (1 - 1e-11);
  int rivals = 0;
  for (int i = 1; i <= n; ++i) rivals += i != best && p[i] >= near;
  if (rivals == 0) return best;
  const uint32_t* cell = cells_.data() + cell_start_[k] + size_t(j) * (n + 1);
  const double az = ibm2::fast_align_normalizer(j + 1, m, n, tension_) / (1 - options_.p0);
  int winner = 0;
  double top = -1;
  for (int i = 1; i <= n; ++i) {
    if (p[i] < near) continue;
    const double score = prob_[cell[i]] * (std::exp(ibm2::diagonal_feature(j + 1, i, m, n) * tension_) / az);
    if (score > top) {
      top = score;
      winner = i;
    }
  }
  return winner > 0 ? winner : best;
}

Links Ibm2::align(size_t k) const {
  Scratch scratch(max_given_);
  Links links;
  Ibm2Stats unused;
  align_pair(k, scratch, links, unused);
  return links;
}

std::vector<Links> Ibm2::align_all(Ibm2Stats* stats) const {
  std::vector<Links> out(bitext_.size());
  Ibm2Stats total;
  const int64_t pairs = static_cast<int64_t>(bitext_.size());
#pragma omp parallel
  {
    Scratch scratch(max_given_);
    Ibm2Stats acc;
#pragma omp for schedule(dynamic, 256) nowait
    for (int64_t k = 0; k < pairs; ++k) align_pair(size_t(k), scratch, out[k], acc);
#pragma omp critical
    {
      total.log_likelihood += acc.log_likelihood;
      total.tokens += acc.tokens;
      total.posterior_null += acc.posterior_null;
    }
  }
  if (stats) {
    *stats = total;
    stats->iteration = iteration_ + 1;
    stats->posterior_null = total.tokens > 0 ? total.posterior_null / total.tokens : 0.0;
    stats->tension = tension_;
  }
  return out;
}

std::vector<Links> Ibm2::train_and_align(const std::function<void(const Ibm2Stats&)>& log) {
  for (int it = 1; it < options_.iterations; ++it) {
    const Ibm2Stats stats = em_iteration();
    if (log) log(stats);
  }
  Ibm2Stats stats;
  std::vector<Links> links = align_all(log ? &stats : nullptr);
  if (log) log(stats);
  return links;
}

}  // namespace tolmach
