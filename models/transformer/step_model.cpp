#include "models/transformer/step_model.h"

#include <algorithm>

#include "ops/softmax.h"

namespace tolmach::transformer {

void TransformerStepModel::start(const SourceBatch& source) {
  NoGradGuard no_grad;
  Var enc = model_.encode(source, Dropout{});
  memory_ = model_.memories(enc, {source.lengths.begin(), source.lengths.end()});
  caches_.assign(memory_.size(), KVCache{});
  width_ = source.width;
}

// Search drops rows as hypotheses finish, and oneDNN generates code for every new shape:
// the decoder runs on rows padded to a multiple of kRowPad (copies of the last row, outside
// every sentence), so one set of kernels serves kRowPad row counts; search sees only its rows.
constexpr int64_t kRowPad = 8;

void TransformerStepModel::step(const StepInput& in, StepOutput& out, bool want_attention) {
  NoGradGuard no_grad;
  const int64_t rows = in.rows(), V = vocab_size();
  const int64_t padded = (rows + kRowPad - 1) / kRowPad * kRowPad;
  std::vector<int> tokens = in.tokens, parents = in.parents, sentences = in.sentences;
  tokens.resize(padded, in.tokens.back());
  parents.resize(padded, in.parents.back());
  sentences.resize(padded, -1);
  if (in.step == 0) caches_.assign(memory_.size(), KVCache{});
  else
    for (auto& c : caches_) c.gather(parents, staging_);
  Var x = model_.target_embedder().forward(Tensor::from_ids({padded, 1}, tokens), in.step);
  const auto& layers = model_.decoder();
  const int align = model_.cfg().alignment_layer_index();
  Tensor weights;  // [padded, heads, S]
  for (size_t l = 0; l < layers.size(); ++l)
    x = layers[l].step(x, caches_[l], memory_[l], sentences,
                       want_attention && static_cast<int>(l) == align ? &weights : nullptr);
  out.logprobs.resize(static_cast<size_t>(padded) * V);
  ops::log_softmax_into(model_.output_logits(x).value(), out.logprobs.data());
  out.logprobs.resize(static_cast<size_t>(rows) * V);

  if (!want_attention) {
    out.attention.clear();
    return;
  }
  // Each row's average of the chosen heads.
  const int64_t S = weights.dim(2);
  Tensor a = model_.alignment_heads(Var(weights.view({padded, weights.dim(1), 1, S}))).value().contiguous();
  const float* w = a.data<float>();
  out.attention.assign(static_cast<size_t>(rows) * width_, 0.f);
  const int64_t n = std::min<int64_t>(S, width_);
  for (int64_t r = 0; r < rows; ++r) std::copy(w + r * S, w + r * S + n, out.attention.begin() + r * width_);
}

}  // namespace tolmach::transformer
