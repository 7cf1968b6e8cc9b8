// Shape ops and embedding: forward layout and gradient checks.
#include <gtest/gtest.h>

#include "autograd/gradcheck.h"
#include "ops/ops.h"
#include "tensor/threads.h"

using namespace tolmach;

// Tiny problems: one thread is fastest and avoids OpenMP spin-wait contention when ctest
// runs several test processes at once.
static const bool kOneThread = (set_num_threads(1), true);

TEST(Shape, ConcatSplitValues) {
  Var a(Tensor::from_vector({2, 2}, {1, 2, 3, 4})), b(Tensor::from_vector({2, 1}, {5, 6}));
  Var c = ops::concat({a, b}, 1);
  EXPECT_EQ(c.value().to_vector(), (std::vector<float>{1, 2, 5, 3, 4, 6}));
  auto parts = ops::split(c, {1, 2}, 1);
  EXPECT_EQ(parts[1].value().to_vector(), (std::vector<float>{2, 5, 4, 6}));
  Var s = ops::stack({a, a}, 0);
  EXPECT_EQ(s.shape(), (Shape{2, 2, 2}));
  EXPECT_THROW(ops::split(c, {1, 1}, 1), std::logic_error);
}

TEST(Shape, GradCheckViews) {
  Tensor x = random_uniform({2, 3, 4}, -1, 1, 1);
  std::vector<std::pair<const char*, std::function<Var(const std::vector<Var>&)>>> cases = {
      {"reshape", [](const std::vector<Var>& in) { return ops::reshape(in[0], {6, -1}); }},
      {"transpose", [](const std::vector<Var>& in) { return ops::transpose(in[0], 0, 2); }},
      {"permute", [](const std::vector<Var>& in) { return ops::permute(in[0], {1, 2, 0}); }},
      {"slice", [](const std::vector<Var>& in) { return ops::slice(in[0], 2, 1, 3); }},
      {"select", [](const std::vector<Var>& in) { return ops::select(in[0], 1, 2); }},
      {"unsqueeze", [](const std::vector<Var>& in) { return ops::squeeze(ops::unsqueeze(in[0], 1), 1); }},
      {"contiguous", [](const std::vector<Var>& in) { return ops::contiguous(ops::transpose(in[0], 0, 1)); }},
      // Two overlapping slices of one input: gradients accumulate.
      {"slices", [](const std::vector<Var>& in) {
         return ops::mul(ops::slice(in[0], 2, 0, 3), ops::slice(in[0], 2, 1, 4));
       }},
  };
  for (auto& [name, f] : cases) {
    auto r = gradcheck(f, {x});
    EXPECT_TRUE(r.ok) << name << "\n" << r.report;
  }
}

TEST(Shape, GradCheckConcatSplitStack) {
  auto r = gradcheck(
      [](const std::vector<Var>& in) {
        Var c = ops::concat({in[0], in[1]}, 1);                // [2, 5, 3]
        auto parts = ops::split(c, {2, 3}, 1);
        return ops::stack({ops::sum(parts[0], {1}), ops::sum(parts[1], {1})}, 0);
      },
      {random_uniform({2, 2, 3}, -1, 1, 2), random_uniform({2, 3, 3}, -1, 1, 3)});
  EXPECT_TRUE(r.ok) << r.report;
}

TEST(Embedding, LookupAndScatterAdd) {
  Tensor table = Tensor::from_vector({3, 2}, {0, 1, 10, 11, 20, 21});
  Tensor ids = Tensor::from_ids({2, 2}, {2, 0, 2, 1});
  Var t = Var::param(table);
  Var y = ops::embedding(t, ids);
  EXPECT_EQ(y.shape(), (Shape{2, 2, 2}));
  EXPECT_EQ(y.value().to_vector(), (std::vector<float>{20, 21, 0, 1, 20, 21, 10, 11}));
  ops::sum(y).backward();
  EXPECT_EQ(t.grad().to_vector(), (std::vector<float>{1, 1, 1, 1, 2, 2}));  // id 2 used twice
  EXPECT_THROW(ops::embedding(t, Tensor::from_ids({1}, {3})), std::logic_error);
  auto r = gradcheck([&](const std::vector<Var>& in) { return ops::embedding(in[0], ids); },
                     {random_uniform({3, 4}, -1, 1, 4)});
  EXPECT_TRUE(r.ok) << r.report;
}
