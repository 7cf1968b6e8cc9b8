// Tensor views, copies and dtype conversion.
#include "tensor/tensor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "tensor/allocator.h"
#include "tensor/engine.h"
#include "tensor/random.h"

using namespace tolmach;

TEST(Tensor, ViewsShareStorage) {
  Tensor x = Tensor::from_vector({2, 3}, {0, 1, 2, 3, 4, 5});
  Tensor t = x.transpose(0, 1);
  EXPECT_EQ(t.shape(), (Shape{3, 2}));
  EXPECT_FALSE(t.is_contiguous());
  EXPECT_EQ(t.at({2, 1}), 5.f);
  EXPECT_EQ(t.contiguous().to_vector(), (std::vector<float>{0, 3, 1, 4, 2, 5}));
  Tensor s = x.slice(1, 1, 3);
  EXPECT_EQ(s.to_vector(), (std::vector<float>{1, 2, 4, 5}));
  s.fill(7);
  EXPECT_EQ(x.to_vector(), (std::vector<float>{0, 7, 7, 3, 7, 7}));
  EXPECT_EQ(x.select(0, 1).to_vector(), (std::vector<float>{3, 7, 7}));
}

TEST(Tensor, ReshapeAndPermute) {
  Tensor x = Tensor::from_vector({2, 3, 2}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
  EXPECT_EQ(x.view({-1, 2}).shape(), (Shape{6, 2}));
  Tensor p = x.permute({2, 0, 1});  // [2,2,3]
  EXPECT_EQ(p.shape(), (Shape{2, 2, 3}));
  EXPECT_EQ(p.at({1, 0, 2}), 5.f);
  EXPECT_THROW(p.view({12}), std::logic_error);
  EXPECT_EQ(p.reshape({12}).to_vector()[1], 2.f);
  EXPECT_EQ(x.unsqueeze(0).shape(), (Shape{1, 2, 3, 2}));
  EXPECT_EQ(x.slice(0, 0, 1).squeeze(0).shape(), (Shape{3, 2}));
  Tensor e = Tensor::from_vector({3}, {1, 2, 3}).expand({2, 3});
  EXPECT_EQ(e.contiguous().to_vector(), (std::vector<float>{1, 2, 3, 1, 2, 3}));
}

TEST(Tensor, DtypeConversion) {
  Tensor x = Tensor::from_vector({4}, {1.0f, -2.5f, 3.14159f, 300.f});
  Tensor b = x.to(DType::bf16);
  EXPECT_EQ(b.dtype(), DType::bf16);
  std::vector<float> back = b.to_vector();
  EXPECT_EQ(back[0], 1.0f);
  EXPECT_EQ(back[1], -2.5f);
  EXPECT_NEAR(back[2], 3.14159f, 0.01f);  // bf16 keeps 8 bits of mantissa
  EXPECT_EQ(back[3], 300.f);
  Tensor q = x.to(DType::i8);
  EXPECT_EQ(q.to_vector(), (std::vector<float>{1, -2, 3, 127}));  // round half even, saturate
  EXPECT_EQ(bf16(1.00390625f).bits, bf16(1.0f).bits);  // tie rounds to even
}

TEST(Tensor, ChecksShapes) {
  EXPECT_THROW(Tensor::from_vector({2, 2}, {1, 2, 3}), std::logic_error);
  Tensor x = Tensor::zeros({2, 2});
  EXPECT_THROW(x.data<int32_t>(), std::logic_error);
  EXPECT_THROW(x.slice(0, 1, 3), std::logic_error);
}

TEST(Engine, ThreadsAndCache) {
  set_num_threads(1);
  EXPECT_EQ(num_threads(), 1);
  set_num_threads(0);
  EXPECT_GE(num_threads(), 1);
  size_t before = primitive_cache().size();
  int made = 0;
  auto make = [&] {
    ++made;
    dnnl::eltwise_forward::desc d(dnnl::prop_kind::forward_inference, dnnl::algorithm::eltwise_relu,
                                  md(Tensor::zeros({2, 2})));
    return dnnl::eltwise_forward(dnnl::eltwise_forward::primitive_desc(d, engine()));
  };
  primitive_cache().get("test-key", make);
  primitive_cache().get("test-key", make);
  EXPECT_EQ(made, 1);
  EXPECT_EQ(primitive_cache().size(), before + 1);
}

TEST(Allocator, CarvesMediumBlocksOutOfHugePages) {
  release_cached_storage();
  const int64_t n = 32 * 1024;  // 128 KiB: between malloc's bins and a huge page
  void *first, *second;
  {
    Tensor a = Tensor::full({n}, 1.f), b = Tensor::full({n}, 2.f);
    const auto pa = reinterpret_cast<uintptr_t>(a.raw()), pb = reinterpret_cast<uintptr_t>(b.raw());
    EXPECT_EQ(pa % 4096, 0u);
    EXPECT_EQ(pb % 4096, 0u);
    // Next to each other in one 2 MB chunk, or b opens a new chunk.
    EXPECT_TRUE(pb == pa + (n * 4) || pb % (2 << 20) == 0) << pa << " " << pb;
    EXPECT_EQ(a.to_vector()[n - 1], 1.f);  // b did not overlap a
    first = a.raw();
    second = b.raw();
  }
  Tensor again = Tensor::empty({n});  // a freed block is reused
  EXPECT_TRUE(again.raw() == first || again.raw() == second);
}

TEST(Allocator, ReusesLargeBlocks) {
  release_cached_storage();
  void* first;
  {
    Tensor big = Tensor::empty({1 << 20});  // 4 MiB
    first = big.raw();
    EXPECT_EQ(reinterpret_cast<uintptr_t>(first) % 64, 0u);
  }
  EXPECT_GE(cached_storage_bytes(), size_t(4) << 20);
  Tensor again = Tensor::empty({(1 << 20) - 5});  // same rounded size class
  EXPECT_EQ(again.raw(), first);
  EXPECT_EQ(cached_storage_bytes(), 0u);
  Tensor z = Tensor::zeros({1 << 20});  // zeros() really zeroes a reused block
  { Tensor junk = Tensor::full({1 << 20}, 3.f); }
  Tensor z2 = Tensor::zeros({1 << 20});
  EXPECT_EQ(z2.to_vector()[12345], 0.f);
}

// Past the limit, the least recently released big blocks go back to the system: the newest
// stay cached for reuse, and blocks under 2 MB are not counted.
TEST(Allocator, LimitEvictsTheOldestBigBlocks) {
  release_cached_storage();
  limit_cached_storage(size_t(6) << 20);  // room for one of the 4 MB blocks
  std::vector<Tensor> big;
  for (int i = 0; i < 6; ++i) big.push_back(Tensor::empty({1 << 20}));  // 4 MB each, all alive
  void* newest = big.back().raw();
  big.clear();                                  // released first to last
  { Tensor small = Tensor::empty({1 << 16}); }  // 256 KB, cached beside them
  EXPECT_GE(cached_storage_bytes(), size_t(4) << 20);
  EXPECT_LE(cached_storage_bytes(), (size_t(4) << 20) + (size_t(256) << 10));
  Tensor again = Tensor::empty({1 << 20});
  EXPECT_EQ(again.raw(), newest);
  limit_cached_storage(size_t(1) << 40);  // back to "no limit" for the other tests
  release_cached_storage();
}

TEST(Random, DeterministicAndDistributed) {
  Tensor u = random_uniform({10000}, -2, 2, 7);
  EXPECT_EQ(u.to_vector(), random_uniform({10000}, -2, 2, 7).to_vector());
  EXPECT_NE(u.to_vector(), random_uniform({10000}, -2, 2, 8).to_vector());
  Tensor n = random_normal({10001}, 1.f, 0.5f, 9);
  double m = 0, v = 0;
  auto nv = n.to_vector();
  for (float x : nv) m += x / nv.size();
  for (float x : nv) v += (x - m) * (x - m) / nv.size();
  EXPECT_NEAR(m, 1.0, 0.02);
  EXPECT_NEAR(std::sqrt(v), 0.5, 0.02);
  auto uv = u.to_vector();
  for (float x : uv) {
    EXPECT_GE(x, -2.f);
    EXPECT_LT(x, 2.f);
  }
  auto x = xavier_uniform({300, 100}, 1).to_vector();
  float mx = 0;
  for (float f : x) mx = std::max(mx, std::fabs(f));
  EXPECT_LE(mx, std::sqrt(6.f / 400.f));
  EXPECT_GT(mx, 0.9f * std::sqrt(6.f / 400.f));
}

TEST(Tensor, LargeStridedCopiesAndConversions) {
  // Above the size where copies go through oneDNN's reorder: same values as element access.
  Tensor x = random_uniform({3, 64, 96}, -3, 3, 11);
  Tensor p = x.permute({2, 0, 1}).contiguous();
  for (int64_t i : {0, 17, 95})
    for (int64_t j : {0, 2})
      for (int64_t k : {0, 5, 63}) EXPECT_EQ(p.at({i, j, k}), x.at({j, k, i}));
  Tensor b = x.transpose(1, 2).to(DType::bf16);
  EXPECT_EQ(b.at({1, 7, 9}), static_cast<float>(bf16(x.at({1, 9, 7}))));
  Tensor q = Tensor::full({64, 80}, 200.f).slice(1, 0, 70).to(DType::i8);  // saturates
  EXPECT_EQ(q.at({3, 3}), 127.f);
  Tensor r = Tensor::from_vector({1, 1}, {-2.5f}).expand({100, 50}).to(DType::i8);  // broadcast source
  EXPECT_EQ(r.at({99, 49}), -2.f);  // round half to even
}

TEST(Tensor, StridedAddIntoSlicesAndBroadcastViews) {
  // Row-wise add_ into the middle third of a [rows, 3, 40] buffer (a fused projection's
  // gradient), large enough to run rows in parallel: only that third changes.
  Tensor g = random_uniform({2000, 40}, -1, 1, 3);
  Tensor fused = Tensor::full({2000, 3, 40}, 0.5f);
  fused.select(1, 1).add_(g);
  for (int64_t r : {0, 999, 1999})
    for (int64_t i : {0, 39}) {
      EXPECT_EQ(fused.at({r, 1, i}), 0.5f + g.at({r, i}));
      EXPECT_EQ(fused.at({r, 0, i}), 0.5f);
      EXPECT_EQ(fused.at({r, 2, i}), 0.5f);
    }
  // Into a broadcast view every row adds into the same storage: a column sum (a bias gradient).
  Tensor bias = Tensor::zeros({40});
  bias.expand({2000, 40}).add_(g);
  for (int64_t i : {0, 17, 39}) {
    double sum = 0;
    for (int64_t r = 0; r < 2000; ++r) sum += g.at({r, i});
    EXPECT_NEAR(bias.at({i}), sum, 1e-3);
  }
}
