#include "align/forced_decoding.h"

#include <stdexcept>

#include "search/step_check.h"

namespace tolmach {

std::vector<ForcedDecoding> force_decode(StepModel& model, const SourceBatch& source,
                                         const std::vector<std::vector<int>>& targets, int bos, int eos) {
  if (targets.size() != static_cast<size_t>(source.size))
    throw std::invalid_argument("force_decode: one target per source sentence");
  const int vocab = model.vocab_size();
  std::vector<ForcedDecoding> out(targets.size());
  model.start(source);
  StepInput in = StepInput::first(source.size, bos);
  StepOutput step;
  while (!in.tokens.empty()) {
    model.step(in, step, true);
    check_step_output(step, in.rows(), vocab, true, source.width);
    StepInput next;
    next.step = in.step + 1;
    for (int r = 0; r < in.rows(); ++r) {
      const int s = in.sentences[r];
      const std::vector<int>& target = targets[s];
      const size_t t = static_cast<size_t>(in.step);
      const int token = t < target.size() ? target[t] : eos;
      if (token < 0 || token >= vocab) throw std::out_of_range("force_decode: target id " + std::to_string(token));
      ForcedDecoding& d = out[s];
      const float lp = step.logprobs[static_cast<size_t>(r) * vocab + token];
      d.token_scores.push_back(lp);
      d.score += lp;
      const float* a = step.attention.data() + static_cast<size_t>(r) * source.width;
      d.attention.emplace_back(a, a + source.lengths[s]);
      if (t < target.size()) {  // the row goes on with the given token
        next.tokens.push_back(token);
        next.parents.push_back(r);
        next.sentences.push_back(s);
      }
    }
    in = std::move(next);
  }
  return out;
}

}  // namespace tolmach
