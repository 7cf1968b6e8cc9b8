#include "align/diagonal_prior.h"

#include <cmath>
#include <cstdint>

namespace tolmach::ibm2 {

namespace {

// Source positions 1..split lie at or below the diagonal point j*n/m, split+1..n above it.
// Integer arithmetic: i/n <= j/m exactly when i*m <= j*n.
int split_point(int j, int m, int n) { return static_cast<int>(int64_t(j) * n / m); }

// Below this 1 - r the closed forms lose digits to cancellation: sum directly.
constexpr double kNearlyFlat = 1e-7;

struct Series {
  double s0, s1;  // sum_{k<K} r^k and sum_{k<K} k r^k
};

Series series(double r, int K) {
  const double rk = std::pow(r, K), q = 1.0 - r;
  const double s0 = (1.0 - rk) / q;
  const double s1 = r * (1.0 - K * std::pow(r, K - 1) + (K - 1) * rk) / (q * q);
  return {s0, s1};
}

// Sum of w and of h*w over the row, by brute force.
void direct_sums(int j, int m, int n, double lambda, double& z, double& hz) {
  z = hz = 0;
  for (int i = 1; i <= n; ++i) {
    const double h = diagonal_feature(j, i, m, n), w = std::exp(lambda * h);
    z += w;
    hz += h * w;
  }
}

// One side of the split: K weights w, w r, w r^2, ... (w = exp(lambda * h0)) whose feature
// starts at h0 and falls by 1/n a step (an arithmetico-geometric series).
void add_run(double h0, double lambda, double r, int K, int n, double& z, double& hz) {
  const double w = std::exp(lambda * h0);
  const Series s = series(r, K);
  z += w * s.s0;
  hz += w * (h0 * s.s0 - s.s1 / n);
}

// The same sums in closed form: on each side of the split the weights form a geometric
// series and h falls by 1/n a step.
void closed_sums(int j, int m, int n, double lambda, double& z, double& hz) {
  const double r = std::exp(-lambda / n);
  if (1.0 - r < kNearlyFlat) return direct_sums(j, m, n, lambda, z, hz);
  const int split = split_point(j, m, n);
  z = hz = 0;
  if (split >= 1) add_run(diagonal_feature(j, split, m, n), lambda, r, split, n, z, hz);  // split, ..., 1
  if (split < n) add_run(diagonal_feature(j, split + 1, m, n), lambda, r, n - split, n, z, hz);  // split+1, ..., n
}

// fast_align's swapped normaliser (see the header): weights exp(lambda * -|i/m - j/n|), ratio
// exp(-lambda/m), split at floor(j*m/n).
double swapped_normalizer(int j, int m, int n, double lambda) {
  const int split = split_point(j, n, m);
  if (split <= m) return diagonal_normalizer(j, n, m, lambda);  // an ordinary row of the (n, m) shape
  // j > n: positions split, ..., 1 below, and split+1, split+2, ... above without end
  // (fast_align's r^(2^32 - (split - m)) underflows to 0).
  const double r = std::exp(-lambda / m);
  if (!(r < 1)) return INFINITY;
  const double below = std::exp(lambda * diagonal_feature(j, split, n, m)) * series(r, split).s0;
  const double above = std::exp(lambda * diagonal_feature(j, split + 1, n, m)) / (1.0 - r);
  return below + above;
}

}  // namespace

double diagonal_row(int j, int m, int n, double lambda, double* w) {
  const double r = std::exp(-lambda / n);
  const int split = split_point(j, m, n);
  double sum = 0;
  if (split >= 1) {
    double x = std::exp(lambda * diagonal_feature(j, split, m, n));
    for (int i = split; i >= 1; --i, x *= r) sum += w[i] = x;
  }
  if (split < n) {
    double x = std::exp(lambda * diagonal_feature(j, split + 1, m, n));
    for (int i = split + 1; i <= n; ++i, x *= r) sum += w[i] = x;
  }
  return sum;
}

double diagonal_normalizer(int j, int m, int n, double lambda) {
  double z, hz;
  closed_sums(j, m, n, lambda, z, hz);
  return z;
}

double diagonal_expected_feature(int j, int m, int n, double lambda) {
  double z, hz;
  closed_sums(j, m, n, lambda, z, hz);
  return hz / z;
}

double fast_align_normalizer(int j, int m, int n, double lambda) {
  const int split = split_point(j, m, n);
  const double r = std::exp(-lambda / n);
  if (!(r < 1)) return diagonal_normalizer(j, m, n, lambda);  // lambda = 0: fast_align's is 0/0
  double below = 0, above = 0;
  if (split < n)
    above = std::exp(diagonal_feature(j, split + 1, m, n) * lambda) * (1.0 - std::pow(r, n - split)) / (1.0 - r);
  if (split > 0) below = std::exp(diagonal_feature(j, split, m, n) * lambda) * (1.0 - std::pow(r, split)) / (1.0 - r);
  return below + above;
}

double fast_align_expected_feature(int j, int m, int n, double lambda) {
  double z, hz;
  closed_sums(j, m, n, lambda, z, hz);
  return hz / swapped_normalizer(j, m, n, lambda);
}

}  // namespace tolmach::ibm2
