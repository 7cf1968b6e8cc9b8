// The OpenMP paths (taken above size thresholds) agree with single-threaded results.
#include <gtest/gtest.h>

#include <cmath>

#include "autograd/gradcheck.h"
#include "base/error.h"
#include "ops/ops.h"
#include "tensor/threads.h"
#include "train/optimizer.h"

using namespace tolmach;

namespace {

struct Results {
  std::vector<float> loss, dlogits, drop, emb, demb, q, sum_to, bias_sum, clip, top_values, top_indices, scaled;
};

Results run(int threads) {
  set_num_threads(threads);
  EXPECT_EQ(num_threads(), threads);
  Results r;
  const int64_t N = 96, V = 1200;  // N*V above the parallel thresholds
  std::vector<int32_t> t(N);
  for (int64_t i = 0; i < N; ++i) t[i] = i % 7 == 0 ? -1 : static_cast<int32_t>(i * 37 % V);
  Var logits = Var::param(random_uniform({N, V}, -4, 4, 1));
  Var loss = ops::cross_entropy(logits, Tensor::from_ids({N}, t), {0.1f, -1, true});
  r.loss = loss.value().to_vector();
  Tensor values, indices;
  ops::topk(logits.value(), 5, values, indices);
  r.top_values = values.to_vector();
  r.top_indices = indices.to(DType::f32).to_vector();
  r.scaled = ops::scale(logits.value(), 0.5f).to_vector();
  loss.backward();
  r.dlogits = logits.grad().to_vector();
  r.drop = ops::dropout(Var(random_uniform({300, 400}, -1, 1, 2)), 0.2f, 99).value().to_vector();
  Var table = Var::param(random_uniform({500, 256}, -1, 1, 3));
  std::vector<int32_t> ids(400);
  for (int i = 0; i < 400; ++i) ids[i] = i * 13 % 500;
  Var e = ops::embedding(table, Tensor::from_ids({400}, ids));
  r.emb = e.value().to_vector();
  ops::sum(e).backward();
  r.demb = table.grad().to_vector();
  Tensor q;
  ops::quantize_rows(random_uniform({300, 300}, -5, 5, 4), q);
  r.q = q.to_vector();
  r.sum_to = ops::sum_to(random_uniform({64, 32, 64}, -1, 1, 5), {32, 1}).to_vector();
  r.bias_sum = ops::sum_to(random_uniform({3, 700, 48}, -1, 1, 7), {48}).to_vector();
  Var w = Var::param(Tensor::zeros({300, 300}));
  w.add_grad(random_uniform({300, 300}, -1, 1, 6));
  r.clip.push_back(clip_grad_norm({w}, 1.f));
  return r;
}

void expect_close(const std::vector<float>& a, const std::vector<float>& b, float tol, const char* what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (size_t i = 0; i < a.size(); ++i) ASSERT_NEAR(a[i], b[i], tol) << what << " element " << i;
}

}  // namespace

TEST(Threads, ParallelPathsMatchSerial) {
  Results one = run(1), two = run(2);
  expect_close(one.loss, two.loss, 1e-5f, "loss");
  expect_close(one.dlogits, two.dlogits, 1e-7f, "dlogits");
  expect_close(one.drop, two.drop, 0.f, "dropout");
  expect_close(one.emb, two.emb, 0.f, "embedding");
  expect_close(one.demb, two.demb, 0.f, "embedding grad");
  expect_close(one.q, two.q, 0.f, "quantise");
  expect_close(one.sum_to, two.sum_to, 1e-4f, "sum_to");
  expect_close(one.bias_sum, two.bias_sum, 1e-4f, "bias sum");
  expect_close(one.clip, two.clip, 1e-3f, "clip norm");
  expect_close(one.top_values, two.top_values, 0.f, "topk values");
  expect_close(one.top_indices, two.top_indices, 0.f, "topk indices");
  expect_close(one.scaled, two.scaled, 0.f, "scale");
  set_num_threads(1);
}

TEST(Threads, ParallelForCoversTheRangeOnceInOrderedPieces) {
  for (int threads : {1, 2, 3}) {
    set_num_threads(threads);
    for (int64_t n : {0, 1, 2, 7, 1000}) {
      std::vector<int> seen(n, 0);
      std::vector<std::pair<int64_t, int64_t>> pieces(threads, {-1, -1});
      parallel_for(n, /*work=*/1 << 20, [&](int64_t begin, int64_t end) {
        pieces[omp_get_thread_num()] = {begin, end};
        for (int64_t i = begin; i < end; ++i) ++seen[i];
      });
      for (int64_t i = 0; i < n; ++i) ASSERT_EQ(seen[i], 1) << threads << " threads, n " << n << ", index " << i;
      // Contiguous pieces in thread order: thread t starts where t - 1 ended.
      if (n >= 2 && threads > 1) {
        for (int t = 1; t < threads; ++t) EXPECT_EQ(pieces[t].first, pieces[t - 1].second);
      }
    }
    int calls = 0;  // below min_work: one call on the whole range, in this thread
    parallel_for(1000, 10, [&](int64_t begin, int64_t end) {
      EXPECT_FALSE(omp_in_parallel());
      EXPECT_EQ(begin, 0);
      EXPECT_EQ(end, 1000);
      ++calls;
    });
    EXPECT_EQ(calls, 1);
  }
  set_num_threads(1);
}

// A bias gradient sums every row into one (rows split across threads); also from a transposed
// (strided) gradient, which takes the row-by-row path.
TEST(Threads, BiasGradientSumsAreColumnSums) {
  set_num_threads(2);
  Tensor x = random_uniform({3, 700, 48}, -1, 1, 8);
  std::vector<float> v = x.to_vector();
  std::vector<double> expected(48, 0.0);
  for (size_t i = 0; i < v.size(); ++i) expected[i % 48] += v[i];
  for (const Shape& to : {Shape{48}, Shape{1, 48}, Shape{1, 1, 48}}) {
    std::vector<float> got = ops::sum_to(x, to).to_vector();
    ASSERT_EQ(got.size(), 48u);
    for (int c = 0; c < 48; ++c) ASSERT_NEAR(got[c], expected[c], 1e-3) << "column " << c;
  }
  Tensor xt = random_uniform({48, 2100}, -1, 1, 9).transpose(0, 1);  // [2100, 48], strided
  std::vector<float> vt = xt.contiguous().to_vector();
  std::vector<double> expected_t(48, 0.0);
  for (size_t i = 0; i < vt.size(); ++i) expected_t[i % 48] += vt[i];
  std::vector<float> got_t = ops::sum_to(xt, {48}).to_vector();
  for (int c = 0; c < 48; ++c) ASSERT_NEAR(got_t[c], expected_t[c], 1e-3) << "column " << c;
  set_num_threads(1);
}

// Every tool's --threads rule: N is N, 0 is all cores, below 0 is bad usage naming the flag.
TEST(Threads, FlagRuleIsTheSameForEveryTool) {
  EXPECT_EQ(threads_from_flag(1), 1);
  EXPECT_EQ(threads_from_flag(3), 3);
  EXPECT_EQ(threads_from_flag(0), omp_get_num_procs());
  EXPECT_GE(threads_from_flag(0), 1);
  try {
    threads_from_flag(-3);
    ADD_FAILURE() << "accepted --threads -3";
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(), "--threads must be at least 1, or 0 for all cores (not -3)");
  }
}
