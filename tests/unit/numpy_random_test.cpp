// numpy's default_rng stream: values published in numpy's own documentation and tutorials.
#include "metrics/numpy_random.h"

#include <gtest/gtest.h>

using tolmach::metrics::NumpyGenerator;

TEST(NumpyRandom, RandomMatchesNumpyDocs) {
  // np.random.default_rng(12345).random() (numpy.random.default_rng docstring)
  EXPECT_DOUBLE_EQ(NumpyGenerator(12345).random(), 0.22733602246716966);
  // np.random.default_rng(658).random()
  EXPECT_DOUBLE_EQ(NumpyGenerator(658).random(), 0.13691146845619506);
  // np.random.default_rng(42).random(5) -> [0.77395605 0.43887844 0.85859792 0.69736803 0.09417735]
  NumpyGenerator g(42);
  const double expected[] = {0.77395605, 0.43887844, 0.85859792, 0.69736803, 0.09417735};
  for (double e : expected) EXPECT_NEAR(g.random(), e, 5e-9);
}

TEST(NumpyRandom, BoundedIntegersMatchNumpyDocs) {
  // np.random.default_rng(12345).integers(low=0, high=10, size=3) -> [6 2 7]
  EXPECT_EQ(NumpyGenerator(12345).integers(10, 3), (std::vector<int64_t>{6, 2, 7}));
  // np.random.default_rng(658).integers(low=0, high=10, size=5) -> [4 1 6 0 0]
  EXPECT_EQ(NumpyGenerator(658).integers(10, 5), (std::vector<int64_t>{4, 1, 6, 0, 0}));
}

TEST(NumpyRandom, BooleansUseEveryBitOfA32BitDraw) {
  NumpyGenerator a(7), b(7);
  const auto bits = a.booleans(64);
  const uint32_t w0 = b.next_uint32(), w1 = b.next_uint32();
  for (int i = 0; i < 32; ++i) EXPECT_EQ(bits[i], (w0 >> i) & 1u) << i;
  for (int i = 0; i < 32; ++i) EXPECT_EQ(bits[32 + i], (w1 >> i) & 1u) << i;
}

TEST(NumpyRandom, IntegersStayInRangeAndCoverIt) {
  NumpyGenerator g(1);
  const auto v = g.integers(3004, 100000);
  std::vector<int> seen(3004);
  for (int64_t x : v) {
    ASSERT_GE(x, 0);
    ASSERT_LT(x, 3004);
    seen[x] = 1;
  }
  for (int s : seen) EXPECT_EQ(s, 1);
}
