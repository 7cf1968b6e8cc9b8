#include "search/greedy_search.h"

#include "search/step_check.h"

namespace tolmach {

std::vector<NBestList> greedy_search(StepModel& model, const SourceBatch& src,
                                     const SearchOptions& o) {
  const int vocab = model.vocab_size();
  std::vector<Hypothesis> hyps(src.size);
  model.start(src);

  StepInput in = StepInput::first(src.size, o.bos);
  StepOutput out;
  while (!in.tokens.empty()) {
    model.step(in, out, o.attention);
    check_step_output(out, in.rows(), vocab, o.attention, src.width);
    ban_tokens(out.logprobs, in.rows(), vocab, o.banned);
    StepInput next;
    next.step = in.step + 1;
    for (int r = 0; r < in.rows(); ++r) {
      const int s = in.sentences[r];
      const float* lp = out.logprobs.data() + static_cast<size_t>(r) * vocab;
      int best = 0;
      for (int v = 1; v < vocab; ++v)
        if (lp[v] > lp[best]) best = v;
      Hypothesis& h = hyps[s];
      h.tokens.push_back(best);
      h.token_scores.push_back(lp[best]);
      h.score += lp[best];
      if (o.attention) {
        const float* a = out.attention.data() + static_cast<size_t>(r) * src.width;
        h.attention.emplace_back(a, a + src.lengths[s]);
      }
      if (best == o.eos) {
        h.tokens.pop_back();
      } else if (static_cast<int>(h.tokens.size()) >= max_output_length(o, src.lengths[s])) {
        h.finished = false;
      } else {
        next.tokens.push_back(best);
        next.parents.push_back(r);
        next.sentences.push_back(s);
      }
    }
    in = std::move(next);
  }

  std::vector<NBestList> result;
  for (Hypothesis& h : hyps) {
    h.normalized = length_normalized(h.score, h.token_scores.size(), o.normalize);
    result.push_back({std::move(h)});
  }
  return result;
}

}  // namespace tolmach
