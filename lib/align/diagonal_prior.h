#pragma once
// The alignment prior of fast_align's reparameterised IBM Model 2 (Dyer, Chahuneau & Smith
// 2013): target word j (1-based, of m) links to source word i (1-based, of n) with weight
// exp(lambda * h), h = -|i/n - j/m|, so links near the diagonal are favoured and the
// tension lambda says how strongly. Z = sum_i exp(lambda * h) normalises a target word's row.
//
// The weights of a row fall geometrically (ratio exp(-lambda/n)) on both sides of the point
// where i/n crosses j/m; that gives Z and dlogZ/dlambda in closed form and a row of weights
// for two exp() calls instead of n.
namespace tolmach::ibm2 {

inline double diagonal_feature(int j, int i, int m, int n) {
  const double d = double(i) / n - double(j) / m;
  return d < 0 ? d : -d;
}

// Fills w[1..n] with exp(lambda * h(i, j, m, n)) and returns their sum (w[0] is not written).
double diagonal_row(int j, int m, int n, double lambda, double* w);

// Z(j, m, n, lambda) in closed form.
double diagonal_normalizer(int j, int m, int n, double lambda);

// d log Z / d lambda = the expected feature h under the prior (closed form).
double diagonal_expected_feature(int j, int m, int n, double lambda);

// Z(j, m, n, lambda) rounded as fast_align's ComputeZ rounds it (the same closed form, its
// operations in its order), for Viterbi ties that only rounding decides.
double fast_align_normalizer(int j, int m, int n, double lambda);

// What fast_align's -o takes for d log Z / d lambda: the sum of h * exp(lambda * h) over the
// row as above, but divided by the normaliser of the transposed shape, sum_i exp(lambda *
// -|i/m - j/n|) (its ComputeDLogZ calls ComputeZ with m and n swapped). For j > n that
// normaliser's upper run, m - floor(j*m/n) terms, has a negative length held in an unsigned
// there; the count wraps round and the run becomes an unending geometric series. Kept only so
// that tolmach's -o can follow fast_align's tension (see Ibm2::optimize_tension).
double fast_align_expected_feature(int j, int m, int n, double lambda);

}  // namespace tolmach::ibm2
