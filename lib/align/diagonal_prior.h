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

}  // namespace tolmach::ibm2
