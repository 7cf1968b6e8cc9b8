#pragma once
// fast_align's reparameterised IBM Model 2 (Dyer, Chahuneau & Smith 2013): each word f_j of
// the predicted side links to one word e_i of the given side or to NULL, with
//   p(a_j = 0) = p0,  p(a_j = i) = (1 - p0) exp(lambda h(i, j)) / Z   (diagonal prior, -d)
//   or uniform 1/(n+1) (IBM Model 1, without -d),
// and f_j is drawn from t(f | e_{a_j}). EM (or variational Bayes with a Dirichlet(alpha)
// prior on t) learns t; -o fits the tension lambda by gradient steps on the expected feature
// (fast_align's steps by default, the exact gradient's with --exact-tension-gradient).
// The same object trains on a bitext and aligns it (Viterbi), as fast_align does.
//
// Forward: the left side is given, the right one predicted. Reverse (-r): the other way
// round; links are still written left-right, as fast_align -r writes them.
//
// The bitext is turned once into a table of (e, f) entries and, per sentence pair, the entry
// number of every (e_i, f_j) cell, so EM iterations read flat arrays and never hash. That
// costs 4 bytes per cell (sum over pairs of (n+1)*m).
#include <cstdint>
#include <functional>
#include <vector>

#include "align/bitext.h"
#include "align/links.h"

namespace tolmach {

struct Ibm2Options {
  bool reverse = false;            // -r: predict the left side from the right one
  bool favor_diagonal = false;     // -d: the diagonal prior (else Model 1's uniform one)
  bool optimize_tension = false;   // -o: fit lambda (with -d), from the second iteration on
  bool exact_tension_gradient = false;  // -o along the true gradient, not fast_align's (see optimize_tension)
  bool variational_bayes = false;  // -v: Dirichlet(alpha) prior on t(f|e)
  bool use_null = true;            // -N turns the NULL word off
  double alpha = 0.01;             // -a
  double p0 = 0.08;                // -q: prior probability of a link to NULL (with -d)
  double tension = 4.0;            // -T: the starting lambda
  int iterations = 5;              // -I: the last one only aligns (fast_align's count)
};

// One pass over the bitext, with the parameters it started from.
struct Ibm2Stats {
  int iteration = 0;            // 1-based
  double log_likelihood = 0;    // natural log of p(predicted side | given side), summed
  double tokens = 0;            // predicted words scored (pairs with an empty side are skipped)
  double posterior_null = 0;    // share of their posterior mass on NULL
  double tension = 0;           // lambda after this pass (changed by -o)
};

class Ibm2 {
 public:
  // Keeps a reference to `bitext`. Throws std::invalid_argument on options out of range.
  Ibm2(const Bitext& bitext, const Ibm2Options& options);

  // One EM iteration: E-step over every pair (OpenMP, num_threads() threads), the tension
  // update (-o, not on the first pass, whose t is still uniform), then the M-step.
  Ibm2Stats em_iteration();

  // Viterbi links of pair k under the current parameters, left-right, sorted. NULL links are
  // left out; ties go to NULL, then to the first given word (as in fast_align), and two given
  // words the diagonal prior weighs alike in exact arithmetic are told apart by fast_align's
  // rounding (settle_tie).
  Links align(size_t k) const;

  // Aligns every pair (threaded); fills `stats` with that pass's likelihood when given.
  std::vector<Links> align_all(Ibm2Stats* stats = nullptr) const;

  // fast_align's schedule: iterations-1 EM iterations, then the aligning pass.
  std::vector<Links> train_and_align(const std::function<void(const Ibm2Stats&)>& log = {});

  double tension() const { return tension_; }

 private:
  struct Scratch;
  // A (predicted, given) length pair, the number of pairs of that shape, and its predicted
  // positions' slots [offset, offset + m) of the per-position non-NULL posterior mass that
  // --exact-tension-gradient weighs by.
  struct Shape {
    int m, n;
    size_t offset;
    double pairs;
  };
  WordSpan given(size_t k) const { return options_.reverse ? bitext_.right(k) : bitext_.left(k); }
  WordSpan predicted(size_t k) const { return options_.reverse ? bitext_.left(k) : bitext_.right(k); }
  void build_tables();
  // Scores p[0..n] of the links of predicted word j (0-based) of pair k; returns their sum.
  double link_scores(size_t k, int j, int m, int n, Scratch& s) const;
  // fit: accumulate -o's empirical feature (and, for the exact gradient, `mass`).
  void e_step_pair(size_t k, bool fit, double* counts, double* mass, Scratch& s, Ibm2Stats& acc,
                   double& feature) const;
  void align_pair(size_t k, Scratch& s, Links& links, Ibm2Stats& acc) const;
  // The Viterbi link of predicted word j among near-equal scores, as fast_align rounds them.
  int settle_tie(size_t k, int j, int m, int n, int best, const Scratch& s) const;
  // empirical_feature: per predicted word; mass: non-NULL posterior mass per shape position
  // (exact gradient only).
  void optimize_tension(double empirical_feature, const std::vector<double>& mass, double tokens);
  void m_step();

  const Bitext& bitext_;
  Ibm2Options options_;
  double tension_;
  int iteration_ = 0;
  std::vector<size_t> cell_start_;     // pair k's cells: cells_[cell_start_[k] + j*(n+1) + i], i = 0 NULL
  std::vector<uint32_t> cells_;        // entry number of each cell
  std::vector<uint32_t> entry_given_;  // the given word of each entry (0 = NULL, word w = w+1)
  std::vector<double> prob_;           // t(f | e) of each entry
  std::vector<double> count_;          // expected counts of each entry (this E-step)
  std::vector<std::vector<double>> thread_counts_;  // the other threads' counts
  std::vector<Shape> shapes_;
  std::vector<uint32_t> shape_of_;  // each pair's shape (unused for pairs with an empty side)
  size_t mass_slots_ = 0;
  int max_given_ = 0;
};

namespace ibm2 {
// The digamma function psi(x) for x > 0 (variational Bayes' M-step).
double digamma(double x);
}  // namespace ibm2

}  // namespace tolmach
