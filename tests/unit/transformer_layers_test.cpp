// Gradient checks (finite differences) of whole encoder and decoder layers, post- and
// pre-norm, relu and gelu, with padding, causal masks and dropout: inputs and every
// parameter of the layer.
#include <gtest/gtest.h>

#include "autograd/gradcheck.h"
#include "models/transformer/layers.h"
#include "ops/binary.h"
#include "tensor/threads.h"

using namespace tolmach;
using namespace tolmach::transformer;

static const bool kOneThread = (set_num_threads(1), true);

namespace {

const int64_t B = 2, T = 3, S = 4, D = 8, H = 2, F = 12;

void add_linear(std::vector<Var*>& s, nn::Linear& l) {
  s.push_back(&l.weight);
  s.push_back(&l.bias);
}
void add_norm(std::vector<Var*>& s, Residual& r) {
  s.push_back(&r.norm.weight);
  s.push_back(&r.norm.bias);
}

std::vector<Var*> slots(EncoderLayer& l) {
  std::vector<Var*> s;
  add_linear(s, l.self.qkv);
  add_linear(s, l.self.out);
  add_linear(s, l.ffn.w1);
  add_linear(s, l.ffn.w2);
  add_norm(s, l.r_self);
  add_norm(s, l.r_ffn);
  return s;
}

std::vector<Var*> slots(DecoderLayer& l) {
  std::vector<Var*> s;
  add_linear(s, l.self.qkv);
  add_linear(s, l.self.out);
  add_linear(s, l.cross.q);
  add_linear(s, l.cross.kv);
  add_linear(s, l.cross.out);
  add_linear(s, l.ffn.w1);
  add_linear(s, l.ffn.w2);
  add_norm(s, l.r_self);
  add_norm(s, l.r_cross);
  add_norm(s, l.r_ffn);
  return s;
}

// Parameters perturbed away from their (zero / one) initial values so biases and norm
// gains matter; the check differentiates with respect to all of them.
template <class Layer> std::vector<Tensor> perturbed_params(Layer& layer, uint64_t seed) {
  std::vector<Tensor> out;
  for (Var* v : slots(layer))
    out.push_back(ops::add(v->value(), random_uniform(v->shape(), -0.2f, 0.2f, seed++)));
  return out;
}

}  // namespace

struct Case {
  bool prenorm;
  std::string activation;
  float dropout;
  double layer_norm_epsilon = 1e-5;

  transformer::TransformerConfig config() const {
    transformer::TransformerConfig c;
    c.dim_emb = D;
    c.heads = H;
    c.dim_ffn = F;
    c.ffn_activation = activation;
    c.prenorm = prenorm;
    c.layer_norm_epsilon = layer_norm_epsilon;
    return c;
  }
};

class TransformerLayerGrad : public ::testing::TestWithParam<Case> {};

TEST_P(TransformerLayerGrad, EncoderLayer) {
  const Case c = GetParam();
  nn::Rng rng(13);  // a draw with no relu unit within eps of its kink
  EncoderLayer layer(c.config(), rng);
  std::vector<Tensor> inputs = {random_uniform({B, S, D}, -1, 1, 3)};
  for (Tensor& p : perturbed_params(layer, 100)) inputs.push_back(p);
  auto f = [&](const std::vector<Var>& in) {
    EncoderLayer l = layer;
    auto s = slots(l);
    for (size_t i = 0; i < s.size(); ++i) *s[i] = in[i + 1];
    return l.forward(in[0], {S, 2}, Dropout{c.dropout, c.dropout, c.dropout, 5}, 7);
  };
  GradCheckOptions o;
  o.max_checks = 24;
  auto r = gradcheck(f, inputs, o);
  EXPECT_TRUE(r.ok) << r.report;
}

TEST_P(TransformerLayerGrad, DecoderLayer) {
  const Case c = GetParam();
  nn::Rng rng(12);
  DecoderLayer layer(c.config(), rng);
  std::vector<Tensor> inputs = {random_uniform({B, T, D}, -1, 1, 4), random_uniform({B, S, D}, -1, 1, 5)};
  for (Tensor& p : perturbed_params(layer, 200)) inputs.push_back(p);
  auto f = [&](const std::vector<Var>& in) {
    DecoderLayer l = layer;
    auto s = slots(l);
    for (size_t i = 0; i < s.size(); ++i) *s[i] = in[i + 2];
    auto memory = l.cross.memory(in[1], {S, 3});  // second source padded
    return l.forward(in[0], memory, Dropout{c.dropout, c.dropout, c.dropout, 6}, 9);
  };
  GradCheckOptions o;
  o.max_checks = 24;
  auto r = gradcheck(f, inputs, o);
  EXPECT_TRUE(r.ok) << r.report;
}

INSTANTIATE_TEST_SUITE_P(Norms, TransformerLayerGrad,
                         ::testing::Values(Case{false, "relu", 0.f}, Case{true, "relu", 0.f},
                                           Case{false, "gelu", 0.2f}, Case{true, "gelu", 0.f},
                                           Case{false, "swish", 0.f, 1e-9}, Case{true, "swish", 0.f, 1e-9}),
                         [](const auto& info) {
                           return std::string(info.param.prenorm ? "PreNorm" : "PostNorm") + "_" +
                                  info.param.activation + (info.param.dropout > 0 ? "_Dropout" : "");
                         });

// The KV cache follows the search's parents: row r of the result holds row parents[r]'s
// keys and values, whether rows stay, swap, duplicate or are dropped (in place, staging the
// rows it overwrites and still reads), over several steps with appends between them, and
// across the buffer's growth past its first 16 positions.
TEST(KVCacheGather, RowsFollowTheirParents) {
  const int64_t D = 4;
  KVCache cache;
  std::vector<std::vector<float>> expect_k;  // per row: its keys so far, flattened
  auto append = [&](int64_t rows, float step) {
    Tensor kt = Tensor::empty({rows, 1, D}), vt = Tensor::empty({rows, 1, D});
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t d = 0; d < D; ++d) {
        const float x = step * 100 + r * 10 + d;
        kt.data<float>()[r * D + d] = x;
        vt.data<float>()[r * D + d] = -x;
      }
    cache.append(kt, vt);
    expect_k.resize(rows);
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t d = 0; d < D; ++d) expect_k[r].push_back(step * 100 + r * 10 + d);
  };
  auto check = [&](const char* when) {
    const int64_t rows = static_cast<int64_t>(expect_k.size());
    ASSERT_EQ(cache.rows, rows) << when;
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t t = 0; t < cache.length; ++t)
        for (int64_t d = 0; d < D; ++d) {
          ASSERT_EQ(cache.keys().at({r, t, d}), expect_k[r][t * D + d]) << when << " row " << r;
          ASSERT_EQ(cache.values().at({r, t, d}), -expect_k[r][t * D + d]) << when << " row " << r;
        }
  };
  std::vector<float> staging;
  auto gather = [&](const std::vector<int>& parents, const char* when) {
    std::vector<std::vector<float>> next;
    for (int p : parents) next.push_back(expect_k[p]);
    expect_k = next;
    cache.gather(parents, staging);
    check(when);
  };
  append(2, 0);
  gather({0, 0, 0, 1, 1, 1}, "fanned out to more rows");
  append(6, 1);
  gather({0, 1, 2, 3, 4, 5}, "identity");
  gather({0, 0, 1, 3, 3, 5}, "few moves (in place)");
  append(6, 2);
  gather({1, 0, 3, 2, 5, 4}, "all swapped (every row staged)");
  append(6, 3);
  gather({0, 2, 2, 4}, "rows dropped");
  append(4, 4);
  gather({3, 1, 1, 0}, "chain of moves");
  append(4, 5);
  check("after append");
  for (int step = 6; step < 20; ++step) {
    append(4, step);
    gather({1, 0, 2, 2}, "beyond the first capacity");
  }
}
