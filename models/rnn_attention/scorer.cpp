#include "models/rnn_attention/scorer.h"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "ops/ops.h"

namespace tolmach::rnn {

namespace {

// x W^T over the last dimension, no bias (W [out, in]).
Var project(const Var& x, const Var& w) { return ops::matmul(x, w, false, true); }

// keys [B, S, H] . q [B, H] -> [B, S]
Var dot_scores(const Var& keys, const Var& q) {
  return ops::squeeze(ops::matmul(keys, ops::unsqueeze(q, 2)), 2);
}

// x / |x| over the last dimension (eps keeps zero padding rows finite).
Var normalize(const Var& x) {
  int last = x.ndim() - 1;
  return ops::div(x, ops::sqrt(ops::add_scalar(ops::sum(ops::mul(x, x), {last}, true), 1e-6f)));
}

// Keys projected to the query size when the sizes differ (dot, scaled-dot, cosine).
class Projected {
 public:
  Projected(int64_t H, int64_t K, nn::Rng& rng) {
    if (K != H) proj = nn::Linear(K, H, rng, /*bias=*/false);
  }
  Var apply(const Var& states) const { return proj.weight.defined() ? project(states, proj.weight) : states; }
  void add_to(nn::NamedParams& p) const {
    if (proj.weight.defined()) nn::add_params(p, "key_proj", proj.parameters());
  }
  nn::Linear proj;
};

class DotScorer : public Scorer {
 public:
  DotScorer(int64_t H, int64_t K, bool scaled, nn::Rng& rng)
      : keys_(H, K, rng), scale_(scaled ? 1.f / std::sqrt(static_cast<float>(H)) : 1.f) {}
  Var keys(const Var& states) const override { return keys_.apply(states); }
  Var score(const Var& q, const Var& keys, int64_t) const override {
    Var s = dot_scores(keys, q);
    return scale_ == 1.f ? s : ops::scale(s, scale_);
  }
  nn::NamedParams parameters() const override {
    nn::NamedParams p;
    keys_.add_to(p);
    return p;
  }

 private:
  Projected keys_;
  float scale_;
};

// h_t^T W_a h_s = h_t . (W_a h_s): W_a h_s [B, S, H] is the per-batch key.
class GeneralScorer : public Scorer {
 public:
  GeneralScorer(int64_t H, int64_t K, nn::Rng& rng) : w_(K, H, rng, false) {}
  Var keys(const Var& states) const override { return project(states, w_.weight); }
  Var score(const Var& q, const Var& keys, int64_t) const override { return dot_scores(keys, q); }
  nn::NamedParams parameters() const override {
    nn::NamedParams p;
    nn::add_params(p, "W", w_.parameters());
    return p;
  }

 private:
  nn::Linear w_;
};

class AdditiveScorer : public Scorer {
 public:
  AdditiveScorer(int64_t H, int64_t K, nn::Rng& rng) : w1_(K, H, rng, false), w2_(H, H, rng, true), v_(H, 1, rng, false) {}
  Var keys(const Var& states) const override { return project(states, w1_.weight); }
  Var score(const Var& q, const Var& keys, int64_t) const override {
    Var wq = ops::linear(q, w2_.weight, w2_.bias, /*trans_w=*/true);      // [B, H]
    Var t = ops::tanh(ops::add(keys, ops::unsqueeze(wq, 1)));             // [B, S, H]
    return ops::squeeze(ops::matmul(t, v_.weight, false, true), 2);        // [B, S]
  }
  nn::NamedParams parameters() const override {
    nn::NamedParams p;
    nn::add_params(p, "W1", w1_.parameters());
    nn::add_params(p, "W2", w2_.parameters());
    nn::add_params(p, "v", v_.parameters());
    return p;
  }

 private:
  nn::Linear w1_, w2_, v_;
};

class CosineScorer : public Scorer {
 public:
  CosineScorer(int64_t H, int64_t K, nn::Rng& rng) : keys_(H, K, rng), beta_(Var::param(Tensor::full({1}, 5.f))) {}
  Var keys(const Var& states) const override { return normalize(keys_.apply(states)); }
  Var score(const Var& q, const Var& keys, int64_t) const override {
    return ops::mul(dot_scores(keys, normalize(q)), beta_);
  }
  nn::NamedParams parameters() const override {
    nn::NamedParams p;
    keys_.add_to(p);
    p.emplace_back("beta", beta_);
    return p;
  }

 private:
  Projected keys_;
  Var beta_;
};

// softmax(W_a h_t) over max_length positions, cut (or extended with -inf) to the batch width.
class LocationScorer : public Scorer {
 public:
  LocationScorer(int64_t H, int64_t max_length, nn::Rng& rng) : w_(H, max_length, rng, true), max_(max_length) {}
  Var keys(const Var&) const override { return Var(); }
  Var score(const Var& q, const Var&, int64_t S) const override {
    Var s = ops::linear(q, w_.weight, w_.bias, true);  // [B, max_length]
    if (S <= max_) return ops::slice(s, 1, 0, S);
    Var beyond(Tensor::full({q.dim(0), S - max_}, -std::numeric_limits<float>::infinity()));
    return ops::concat({s, beyond}, 1);
  }
  nn::NamedParams parameters() const override {
    nn::NamedParams p;
    nn::add_params(p, "W", w_.parameters());
    return p;
  }

 private:
  nn::Linear w_;
  int64_t max_;
};

}  // namespace

std::unique_ptr<Scorer> make_scorer(const std::string& name, int64_t H, int64_t K, int64_t max_length, nn::Rng& rng) {
  if (name == "dot") return std::make_unique<DotScorer>(H, K, false, rng);
  if (name == "scaled-dot") return std::make_unique<DotScorer>(H, K, true, rng);
  if (name == "general") return std::make_unique<GeneralScorer>(H, K, rng);
  if (name == "additive") return std::make_unique<AdditiveScorer>(H, K, rng);
  if (name == "cosine") return std::make_unique<CosineScorer>(H, K, rng);
  if (name == "location") return std::make_unique<LocationScorer>(H, max_length, rng);
  throw std::invalid_argument("unknown attention score function \"" + name + "\"");
}

}  // namespace tolmach::rnn
