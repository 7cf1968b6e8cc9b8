// Gradient check through a whole (tiny) Transformer block built from the core ops: the
// usage patterns of lib/nn (4-D permuted attention matmuls, masks, residuals, layer norm,
// tied embeddings, label-smoothed loss) must backpropagate correctly together.
#include <gtest/gtest.h>

#include <cmath>

#include "autograd/gradcheck.h"
#include "ops/ops.h"
#include "tensor/threads.h"

using namespace tolmach;

static const bool kOneThread = (set_num_threads(1), true);

TEST(Composite, TransformerBlockGradCheck) {
  const int64_t B = 2, T = 3, D = 8, H = 2, V = 6;
  Tensor ids = Tensor::from_ids({B, T}, {1, 4, 2, 5, 3, 0});
  Tensor targets = Tensor::from_ids({B, T}, {4, 2, 0, 3, 0, 0});  // 0 = padding, ignored
  Tensor pad = ops::padding_mask({3, 2}, T).view({B, 1, 1, T});  // keys beyond each length
  Tensor causal = ops::causal_mask(T);
  auto block = [&](const std::vector<Var>& p) {
    const Var &emb = p[0], &wqkv = p[1], &wo = p[2], &g = p[3], &b = p[4], &w1 = p[5];
    Var x = ops::scale(ops::embedding(emb, ids), std::sqrt(float(D)));         // [B,T,D]
    Var qkv = ops::linear(x, wqkv, Var(), true);                              // [B,T,3D]
    auto parts = ops::split(qkv, {D, D, D}, 2);
    auto heads = [&](const Var& t) { return ops::permute(ops::reshape(t, {B, T, H, D / H}), {0, 2, 1, 3}); };
    Var q = heads(parts[0]), k = heads(parts[1]), v = heads(parts[2]);      // [B,H,T,dh] strided
    Var s = ops::scale(ops::matmul(q, k, false, true), 1.f / std::sqrt(float(D / H)));
    s = ops::masked_fill(ops::masked_fill(s, causal, -1e4f), pad, -1e4f);
    Var a = ops::matmul(ops::softmax(s), v);                                   // [B,H,T,dh]
    Var merged = ops::reshape(ops::permute(a, {0, 2, 1, 3}), {B, T, D});
    Var h = ops::layer_norm(x + ops::linear(merged, wo, Var()), g, b);
    h = h + ops::gelu(ops::linear(h, w1, Var()));
    Var logits = ops::linear(h, emb, Var(), true);                             // tied output
    return ops::cross_entropy(logits, targets, {0.1f, 0, true});
  };
  std::vector<Tensor> params = {random_uniform({V, D}, -0.5f, 0.5f, 1), random_uniform({3 * D, D}, -0.4f, 0.4f, 2),
                                random_uniform({D, D}, -0.4f, 0.4f, 3),     random_uniform({D}, 0.8f, 1.2f, 4),
                                random_uniform({D}, -0.1f, 0.1f, 5),        random_uniform({D, D}, -0.4f, 0.4f, 6)};
  GradCheckOptions o;
  o.max_checks = 24;
  o.atol = 2e-4;  // the mean loss has small gradients: keep the absolute slack small too
  auto r = gradcheck(block, params, o);
  EXPECT_TRUE(r.ok) << r.report;
}

TEST(Composite, RecurrentCellGradCheck) {
  // An LSTM-style cell unrolled over 3 steps with per-step slices and a concat of outputs.
  const int64_t B = 2, I = 3, Hd = 4, T = 3;
  Tensor xs = random_uniform({T, B, I}, -1, 1, 7);
  auto unrolled = [&](const std::vector<Var>& p) {
    const Var &w = p[0], &u = p[1], &bias = p[2];
    Var h(Tensor::zeros({B, Hd})), c(Tensor::zeros({B, Hd}));
    std::vector<Var> outs;
    for (int64_t t = 0; t < T; ++t) {
      Var gates = ops::linear(Var(xs.select(0, t)), w, bias) + ops::matmul(h, u);   // [B, 4H]
      auto g = ops::split(gates, {Hd, Hd, Hd, Hd}, 1);
      c = ops::sigmoid(g[1]) * c + ops::sigmoid(g[0]) * ops::tanh(g[2]);
      h = ops::sigmoid(g[3]) * ops::tanh(c);
      outs.push_back(h);
    }
    return ops::stack(outs, 0);
  };
  auto r = gradcheck(unrolled, {random_uniform({I, 4 * Hd}, -0.5f, 0.5f, 8), random_uniform({Hd, 4 * Hd}, -0.5f, 0.5f, 9),
                                random_uniform({4 * Hd}, -0.1f, 0.1f, 10)});
  EXPECT_TRUE(r.ok) << r.report;
}
