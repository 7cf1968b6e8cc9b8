#include "models/rnn_attention/attention.h"

#include <cmath>
#include <limits>

#include "ops/ops.h"

namespace tolmach::rnn {

namespace {
constexpr float kInf = std::numeric_limits<float>::infinity();
}

Attention::Attention(const std::string& score, int64_t H, int64_t K, int window, int64_t max_length, nn::Rng& rng)
    : scorer_(make_scorer(score, H, K, max_length, rng)), window_(window) {
  if (window_ > 0) {
    w_p_ = nn::Linear(H, H, rng, false);
    v_p_ = nn::Linear(H, 1, rng, false);
  }
}

void Attention::prepare(EncoderMemory& memory) const { memory.keys = scorer_->keys(memory.states); }

AttentionResult Attention::attend(const Var& query, const EncoderMemory& memory) const {
  const int64_t B = query.dim(0), S = memory.width();
  Var scores = scorer_->score(query, memory.keys, S);  // [B, S]
  Var weights;
  if (window_ == 0) {
    weights = ops::softmax(ops::masked_fill(scores, memory.pad_mask, -kInf), 1);
  } else {
    // p_t in [0, len - 1] per row.
    Tensor last = Tensor::empty({B, 1});
    for (int64_t b = 0; b < B; ++b) last.data<float>()[b] = static_cast<float>(memory.lengths[b] - 1);
    Var gate = ops::sigmoid(ops::matmul(ops::tanh(ops::matmul(query, w_p_.weight, false, true)), v_p_.weight, false, true));
    Var p = ops::mul(gate, Var(last));  // [B, 1]
    // Window and padding mask from p's value (no gradient through the window edges).
    Tensor mask = Tensor::empty({B, S}, DType::i8);
    const float* pv = p.value().contiguous().data<float>();
    const int8_t* pad = memory.pad_mask.contiguous().data<int8_t>();
    int8_t* m = mask.data<int8_t>();
    for (int64_t b = 0; b < B; ++b)
      for (int64_t s = 0; s < S; ++s)
        m[b * S + s] = pad[b * S + s] || std::fabs(static_cast<float>(s) - pv[b]) > static_cast<float>(window_);
    Var align = ops::softmax(ops::masked_fill(scores, mask, -kInf), 1);
    Tensor pos = Tensor::empty({1, S});
    for (int64_t s = 0; s < S; ++s) pos.data<float>()[s] = static_cast<float>(s);
    float sigma = window_ / 2.f;
    Var d = ops::sub(Var(pos), p);  // [B, S]
    Var gauss = ops::exp(ops::scale(ops::mul(d, d), -1.f / (2.f * sigma * sigma)));
    weights = ops::mul(align, gauss);
  }
  Var context = ops::squeeze(ops::matmul(ops::unsqueeze(weights, 1), memory.states), 1);  // [B, K]
  return {context, weights};
}

nn::NamedParams Attention::parameters() const {
  nn::NamedParams p = scorer_->parameters();
  if (window_ > 0) {
    nn::add_params(p, "local.Wp", w_p_.parameters());
    nn::add_params(p, "local.vp", v_p_.parameters());
  }
  return p;
}

}  // namespace tolmach::rnn
