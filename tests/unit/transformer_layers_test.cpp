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
};

class TransformerLayerGrad : public ::testing::TestWithParam<Case> {};

TEST_P(TransformerLayerGrad, EncoderLayer) {
  const Case c = GetParam();
  nn::Rng rng(13);  // a draw with no relu unit within eps of its kink
  EncoderLayer layer(D, H, F, c.activation, c.prenorm, rng);
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
  DecoderLayer layer(D, H, F, c.activation, c.prenorm, rng);
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
                                           Case{false, "gelu", 0.2f}, Case{true, "gelu", 0.f}),
                         [](const auto& info) {
                           return std::string(info.param.prenorm ? "PreNorm" : "PostNorm") + "_" +
                                  info.param.activation + (info.param.dropout > 0 ? "_Dropout" : "");
                         });
