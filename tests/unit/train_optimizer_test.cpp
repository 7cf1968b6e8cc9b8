// Adam / AdamW updates against closed forms, gradient clipping, LR schedules, and a
// two-layer network trained with Adam on the two-spirals problem.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "autograd/gradcheck.h"
#include "ops/ops.h"
#include "train/lr_schedule.h"
#include "train/optimizer.h"
#include "tensor/threads.h"

using namespace tolmach;

// Tiny problems: one thread is fastest and avoids OpenMP spin-wait contention when ctest
// runs several test processes at once.
static const bool kOneThread = (set_num_threads(1), true);

TEST(Adam, FirstStepsMatchReference) {
  Var w = Var::param(Tensor::from_vector({3}, {1.f, -2.f, 0.5f}));
  AdamOptions o;
  o.beta2 = 0.98f;
  Adam opt({w}, o);
  std::vector<double> ref = {1.f, -2.f, 0.5f}, m(3, 0), v(3, 0);
  for (int t = 1; t <= 3; ++t) {
    // loss = sum(w^3) / 3 -> grad = w^2
    ops::scale(ops::sum(ops::mul(ops::mul(w, w), w)), 1.f / 3).backward();
    opt.step(0.1f);
    EXPECT_FALSE(w.grad().defined());  // step() clears gradients
    for (int i = 0; i < 3; ++i) {
      double g = ref[i] * ref[i];
      m[i] = 0.9 * m[i] + 0.1 * g;
      v[i] = 0.98 * v[i] + 0.02 * g * g;
      double mh = m[i] / (1 - std::pow(0.9, t)), vh = v[i] / (1 - std::pow(0.98, t));
      ref[i] -= 0.1 * mh / (std::sqrt(vh) + 1e-8);
    }
    auto got = w.value().to_vector();
    for (int i = 0; i < 3; ++i) EXPECT_NEAR(got[i], ref[i], 1e-5) << "step " << t;
  }
  // Step 1 moves every weight by lr against the gradient's sign.
  EXPECT_EQ(opt.steps(), 3);
}

TEST(Adam, DecoupledWeightDecay) {
  Var w = Var::param(Tensor::from_vector({2}, {2.f, -4.f}));
  AdamOptions o;
  o.weight_decay = 0.1f;
  Adam opt({w}, o);
  w.add_grad(Tensor::zeros({2}));  // zero gradient: only the decay acts
  opt.step(0.5f);
  EXPECT_NEAR(w.value().at({0}), 2.f * (1 - 0.05f), 1e-6);
  EXPECT_NEAR(w.value().at({1}), -4.f * (1 - 0.05f), 1e-6);
  // A parameter without a gradient is not touched.
  Var u = Var::param(Tensor::from_vector({1}, {3.f}));
  Adam opt2({u}, o);
  opt2.step(0.5f);
  EXPECT_EQ(u.value().item(), 3.f);
}

TEST(Adam, StateRoundTrip) {
  Var w = Var::param(Tensor::from_vector({2}, {1.f, 2.f}));
  Adam a({w});
  w.add_grad(Tensor::from_vector({2}, {0.5f, -1.f}));
  a.step(0.1f);
  Var w2 = Var::param(w.value().clone());
  Adam b({w2});
  b.set_state(a.state());
  w.add_grad(Tensor::from_vector({2}, {0.3f, 0.3f}));
  w2.add_grad(Tensor::from_vector({2}, {0.3f, 0.3f}));
  a.step(0.1f);
  b.step(0.1f);
  EXPECT_EQ(w.value().to_vector(), w2.value().to_vector());
  EXPECT_THROW(b.set_state(Adam::State{1, {Tensor::zeros({3})}, {Tensor::zeros({3})}}), std::logic_error);
}

TEST(ClipGradNorm, ScalesToMaxNorm) {
  Var a = Var::param(Tensor::zeros({1})), b = Var::param(Tensor::zeros({1}));
  a.add_grad(Tensor::from_vector({1}, {3.f}));
  b.add_grad(Tensor::from_vector({1}, {4.f}));
  EXPECT_NEAR(clip_grad_norm({a, b}, 10.f), 5.f, 1e-6);  // below the limit: unchanged
  EXPECT_EQ(a.grad().item(), 3.f);
  EXPECT_NEAR(clip_grad_norm({a, b}, 1.f), 5.f, 1e-6);
  EXPECT_NEAR(a.grad().item(), 0.6f, 1e-5);
  EXPECT_NEAR(b.grad().item(), 0.8f, 1e-5);
}

TEST(LrSchedule, Shapes) {
  const LrSchedule constant{0.5f};
  EXPECT_EQ(constant.at(1), 0.5f);
  EXPECT_EQ(constant.at(100000), 0.5f);
  const LrSchedule vaswani{1e-3f, 4000, 4000};  // fairseq's inverse_sqrt
  EXPECT_NEAR(vaswani.at(1), 1e-3 / 4000, 1e-12);
  EXPECT_NEAR(vaswani.at(2000), 0.5e-3, 1e-9);
  EXPECT_NEAR(vaswani.at(4000), 1e-3, 1e-9);
  EXPECT_NEAR(vaswani.at(16000), 0.5e-3, 1e-9);
  const LrSchedule linear{1.f, 10, 0, 109, 100};  // warm-up, then linearly to 0 at update 110
  EXPECT_NEAR(linear.at(5), 0.5f, 1e-6);
  EXPECT_NEAR(linear.at(10), 1.f, 1e-6);
  EXPECT_NEAR(linear.at(60), 0.5f, 1e-6);
  EXPECT_NEAR(linear.at(109), 0.01f, 1e-6);
  EXPECT_EQ(linear.at(110), 0.f);
  EXPECT_EQ(linear.at(500), 0.f);
}

// Two interleaved spirals (Lang & Witbrock): not linearly separable, so the hidden layer
// has to learn real structure.
static void spirals(int per_class, Tensor& x, Tensor& y) {
  std::vector<float> xs;
  std::vector<int32_t> ys;
  for (int i = 0; i < per_class; ++i) {
    double t = 0.25 + 2.75 * M_PI * i / per_class;  // ~1.4 turns
    double r = t / (3 * M_PI);
    for (int c = 0; c < 2; ++c) {
      double s = c ? -1 : 1;
      xs.push_back(static_cast<float>(s * r * std::cos(t)));
      xs.push_back(static_cast<float>(s * r * std::sin(t)));
      ys.push_back(c);
    }
  }
  x = Tensor::from_vector({2 * per_class, 2}, xs);
  y = Tensor::from_ids({2 * per_class}, ys);
}

TEST(TwoLayerNet, AdamFitsTwoSpirals) {
  Tensor x, y;
  spirals(100, x, y);
  const int H = 64;
  Var w1 = Var::param(random_uniform({2, H}, -4.f, 4.f, 1)), b1 = Var::param(Tensor::zeros({H}));
  Var w2 = Var::param(random_uniform({H, 2}, -0.3f, 0.3f, 2)), b2 = Var::param(Tensor::zeros({2}));
  std::vector<Var> params = {w1, b1, w2, b2};
  Adam opt(params);
  const LrSchedule schedule{0.03f, 20, 0, 500, 480};  // warm-up, then linearly to 0
  Var input(x);
  auto forward = [&] { return ops::add(ops::matmul(ops::tanh(ops::add(ops::matmul(input, w1), b1)), w2), b2); };
  float first = 0, last = 0;
  for (int step = 1; step <= 500; ++step) {
    Var loss = ops::cross_entropy(forward(), y);
    if (step == 1) first = loss.value().item();
    last = loss.value().item();
    loss.backward();
    clip_grad_norm(params, 5.f);
    opt.step(schedule.at(step));
  }
  EXPECT_NEAR(first, std::log(2.0), 0.1);
  EXPECT_LT(last, first / 10) << "loss " << first << " -> " << last;
  // Accuracy on the training points, in no-grad mode.
  NoGradGuard ng;
  auto logits = forward().value().to_vector();
  auto labels = y.to_vector();
  int correct = 0;
  for (size_t i = 0; i < labels.size(); ++i) correct += (logits[2 * i + 1] > logits[2 * i]) == (labels[i] == 1);
  EXPECT_GE(correct, 196) << "accuracy " << correct << "/200";
  std::printf("two spirals: loss %.4f -> %.4f, accuracy %d/200\n", first, last, correct);
}
