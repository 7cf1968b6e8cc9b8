// The OpenMP paths (taken above size thresholds) agree with single-threaded results.
#include <gtest/gtest.h>

#include <cmath>

#include "autograd/gradcheck.h"
#include "ops/ops.h"
#include "tensor/threads.h"
#include "train/optimizer.h"

using namespace tolmach;

namespace {

struct Results {
  std::vector<float> loss, dlogits, drop, emb, demb, q, sum_to, clip;
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
  expect_close(one.clip, two.clip, 1e-3f, "clip norm");
  set_num_threads(1);
}
