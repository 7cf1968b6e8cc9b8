#include "models/rnn_attention/step_model.h"

#include <algorithm>
#include <cstring>

#include "ops/ops.h"

namespace tolmach::rnn {

namespace {

// Rows `index` of t along dim 0 (repeats allowed).
Tensor gather(const Tensor& t, const std::vector<int>& index) {
  Shape shape = t.shape();
  const int64_t B = shape[0];
  Tensor flat = t.dtype() == DType::f32 ? t.contiguous().view({B, -1}) : t.to(DType::f32).contiguous().view({B, -1});
  Tensor rows = ops::embedding(flat, Tensor::from_ids({static_cast<int64_t>(index.size())}, index));
  shape[0] = static_cast<int64_t>(index.size());
  Tensor out = rows.view(shape);
  return t.dtype() == DType::f32 ? out : out.to(t.dtype());
}

Var gather(const Var& v, const std::vector<int>& index) { return v.defined() ? Var(gather(v.value(), index)) : Var(); }

DecoderState gather(const DecoderState& s, const std::vector<int>& index) {
  DecoderState r;
  for (const auto& l : s.layers) r.layers.push_back({gather(l.h, index), gather(l.c, index)});
  r.feed = gather(s.feed, index);
  return r;
}

}  // namespace

void RnnStepModel::start(const SourceBatch& source) {
  NoGradGuard no_grad;
  sentences_ = model_.encode(source, Dropout{});
  initial_ = model_.decoder().start(sentences_);
  rows_sentences_.clear();
  state_ = DecoderState();
}

void RnnStepModel::step(const StepInput& in, StepOutput& out, bool want_attention) {
  NoGradGuard no_grad;
  if (in.sentences != rows_sentences_) {
    rows_memory_.states = gather(sentences_.states, in.sentences);
    rows_memory_.keys = gather(sentences_.keys, in.sentences);
    rows_memory_.pad_mask = gather(sentences_.pad_mask, in.sentences);
    rows_memory_.lengths.clear();
    for (int s : in.sentences) rows_memory_.lengths.push_back(sentences_.lengths[s]);
    rows_sentences_ = in.sentences;
  }
  DecoderState state = in.step == 0 ? gather(initial_, in.sentences) : gather(state_, in.parents);
  const Decoder& dec = model_.decoder();
  Var emb = dec.embedding.forward(Tensor::from_ids({in.rows()}, in.tokens));
  DecoderStep s = dec.step(emb, state, rows_memory_, Dropout{}, 0);
  state_ = std::move(state);

  const Tensor logits = dec.logits(s.output).value();
  out.logprobs.resize(static_cast<size_t>(logits.numel()));
  ops::log_softmax_into(logits, out.logprobs.data());
  if (want_attention) {
    Tensor w = s.weights.value().contiguous();
    out.attention.resize(static_cast<size_t>(w.numel()));
    std::memcpy(out.attention.data(), w.data<float>(), out.attention.size() * sizeof(float));
  } else {
    out.attention.clear();
  }
}

}  // namespace tolmach::rnn
