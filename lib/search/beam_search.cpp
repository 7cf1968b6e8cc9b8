#include "search/beam_search.h"

#include <algorithm>

#include "search/greedy_search.h"
#include "search/step_check.h"
#include "search/top_k.h"

namespace tolmach {
namespace {

// A token chosen at one step: the back-pointer structure hypotheses are read from.
struct Candidate {
  int token;
  int row;        // the input row of that step it extends
  float logprob;  // of `token`
  float score;    // path score including it
};

struct StepRecord {
  std::vector<Candidate> chosen;
  std::vector<int> origin;       // per input row: its candidate at the previous step (-1 at step 0)
  std::vector<float> attention;  // [rows x width] when captured
};

struct Finished {
  int step, candidate;
  float normalized;
};

Hypothesis read_back(const std::vector<StepRecord>& history, const Finished& f,
                     const SourceBatch& src, int sentence, const SearchOptions& o) {
  Hypothesis h;
  h.score = history[f.step].chosen[f.candidate].score;
  h.normalized = f.normalized;
  for (int t = f.step, c = f.candidate; t >= 0; --t) {
    const Candidate& k = history[t].chosen[c];
    h.tokens.push_back(k.token);
    h.token_scores.push_back(k.logprob);
    if (o.attention) {
      const float* a = history[t].attention.data() + static_cast<size_t>(k.row) * src.width;
      h.attention.emplace_back(a, a + src.lengths[sentence]);
    }
    c = history[t].origin[k.row];
  }
  std::reverse(h.tokens.begin(), h.tokens.end());
  std::reverse(h.token_scores.begin(), h.token_scores.end());
  std::reverse(h.attention.begin(), h.attention.end());
  h.finished = h.tokens.back() == o.eos;
  if (h.finished) h.tokens.pop_back();
  return h;
}

}  // namespace

std::vector<NBestList> beam_search(StepModel& model, const SourceBatch& src,
                                   const SearchOptions& o) {
  const int vocab = model.vocab_size();
  const size_t beam = static_cast<size_t>(std::max(1, o.beam_size));
  std::vector<int> max_len(src.size);
  for (int s = 0; s < src.size; ++s) max_len[s] = max_output_length(o, src.lengths[s]);
  std::vector<std::vector<Finished>> finished(src.size);
  std::vector<StepRecord> history;
  model.start(src);

  // Step 0: one row per sentence (its beam starts from a single empty hypothesis).
  StepInput in = StepInput::first(src.size, o.bos);
  std::vector<float> scores(src.size, 0.f);
  std::vector<int> origin(src.size, -1);
  StepOutput out;
  std::vector<Scored> best;
  while (!in.tokens.empty()) {
    model.step(in, out, o.attention);
    check_step_output(out, in.rows(), vocab, o.attention, src.width);
    ban_tokens(out.logprobs, in.rows(), vocab, o.banned);
    StepRecord& rec = history.emplace_back();
    rec.origin = std::move(origin);
    if (o.attention) rec.attention = std::move(out.attention);

    StepInput next;
    next.step = in.step + 1;
    std::vector<float> next_scores;
    std::vector<int> next_origin;
    for (int r0 = 0, r1; r0 < in.rows(); r0 = r1) {  // rows of one sentence are contiguous
      const int s = in.sentences[r0];
      for (r1 = r0; r1 < in.rows() && in.sentences[r1] == s;) ++r1;
      // The beam shrinks by one for each finished hypothesis.
      const float* lp = out.logprobs.data() + static_cast<size_t>(r0) * vocab;
      top_k(scores.data() + r0, lp, r1 - r0, vocab, beam - finished[s].size(), best);
      const bool last = next.step >= max_len[s];
      for (const Scored& b : best) {
        const int row = r0 + static_cast<int>(b.index / vocab);
        const int token = static_cast<int>(b.index % vocab);
        const int c = static_cast<int>(rec.chosen.size());
        rec.chosen.push_back({token, row, lp[b.index], b.score});
        if (token == o.eos || last) {
          finished[s].push_back({in.step, c, length_normalized(b.score, next.step, o.normalize)});
        } else {
          next.tokens.push_back(token);
          next.parents.push_back(row);
          next.sentences.push_back(s);
          next_scores.push_back(b.score);
          next_origin.push_back(c);
        }
      }
    }
    in = std::move(next);
    scores = std::move(next_scores);
    origin = std::move(next_origin);
  }

  std::vector<NBestList> result(src.size);
  for (int s = 0; s < src.size; ++s) {
    std::stable_sort(finished[s].begin(), finished[s].end(),
                     [](const Finished& a, const Finished& b) { return a.normalized > b.normalized; });
    const size_t n = std::min(finished[s].size(), std::max<size_t>(o.n_best, 1));
    for (size_t i = 0; i < n; ++i) result[s].push_back(read_back(history, finished[s][i], src, s, o));
  }
  return result;
}

std::vector<NBestList> search(StepModel& model, const SourceBatch& source,
                              const SearchOptions& options) {
  return options.beam_size <= 1 ? greedy_search(model, source, options)
                                : beam_search(model, source, options);
}

}  // namespace tolmach
