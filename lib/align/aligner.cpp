#include "align/aligner.h"

#include "data/translation_batches.h"
#include "base/error.h"

namespace tolmach {
namespace {

struct Segmented {
  std::vector<int> ids;
  std::vector<int> word_of_piece;
  std::vector<std::string> words;
};

Segmented segment(const Tokenizer& tokenizer, const std::string& text) {
  Segmented s;
  const std::vector<std::string> pieces = tokenizer.encode_pieces(text);
  for (const auto& p : pieces) s.ids.push_back(tokenizer.vocab().id(p));
  s.word_of_piece = piece_words(pieces);
  s.words = joined_words(pieces, s.word_of_piece);
  return s;
}

}  // namespace

AttentionMethod parse_attention_method(const std::string& name) {
  if (name == "argmax") return AttentionMethod::argmax;
  if (name == "threshold") return AttentionMethod::threshold;
  if (name == "shift") return AttentionMethod::shift;
  throw UsageError("--method must be argmax, threshold or shift, not '" + name + "'");
}

Aligner::Aligner(StepModelFactory make_step_model, const Tokenizer& source, const Tokenizer& target,
                 const BatchShape& shape, AlignerOptions options)
    : models_(std::move(make_step_model)), source_(source), target_(target), shape_(shape), options_(options) {}

std::vector<PairAlignment> Aligner::align(const std::vector<SentencePair>& pairs) {
  std::vector<Segmented> src, trg;
  std::vector<PairAlignment> out(pairs.size());
  std::vector<size_t> todo;  // pairs that go through the model
  std::vector<std::vector<int>> sources;
  for (size_t i = 0; i < pairs.size(); ++i) {
    src.push_back(segment(source_, pairs[i].source));
    trg.push_back(segment(target_, pairs[i].target));
    out[i].source_words = src[i].words;
    out[i].target_words = trg[i].words;
    if (src[i].ids.empty() || trg[i].ids.empty()) continue;
    if (std::max(src[i].ids.size(), trg[i].ids.size()) > options_.max_length) {
      out[i].too_long = true;
      continue;
    }
    todo.push_back(i);
    sources.push_back(src[i].ids);
  }

  const auto batches = plan_translation_batches(sources, options_.mini_batch, options_.mini_batch_words);
  models_.run(batches.size(), [&](StepModel& model, size_t b) {
    std::vector<std::vector<int>> rows, targets;
    for (size_t k : batches[b]) {
      rows.push_back(sources[k]);
      targets.push_back(trg[todo[k]].ids);
    }
    const std::vector<ForcedDecoding> forced = force_decode(model, make_source_batch(rows, shape_), targets,
                                                                 shape_.bos, shape_.eos);
    for (size_t j = 0; j < forced.size(); ++j) {
      const size_t i = todo[batches[b][j]];
      AttentionMatrix rows_used = forced[j].attention;  // n + 1 rows: the pieces', then eos's
      if (options_.method == AttentionMethod::shift) rows_used.erase(rows_used.begin());
      const float threshold = options_.method == AttentionMethod::threshold ? options_.threshold : 0.f;
      PairAlignment& a = out[i];
      a.links = hard_word_links(rows_used, src[i].word_of_piece, trg[i].word_of_piece, threshold);
      a.weights = word_attention(rows_used, src[i].word_of_piece, trg[i].word_of_piece);
      a.score = forced[j].score;
    }
  });
  return out;
}

std::vector<PairAlignment> align_both_ways(Aligner& forward, Aligner& reverse, const std::vector<SentencePair>& pairs,
                                           Heuristic heuristic) {
  std::vector<SentencePair> swapped = pairs;
  for (auto& p : swapped) std::swap(p.source, p.target);
  std::vector<PairAlignment> out = forward.align(pairs);
  const std::vector<PairAlignment> back = reverse.align(swapped);
  for (size_t i = 0; i < out.size(); ++i) out[i].links = symmetrize(out[i].links, inverted(back[i].links), heuristic);
  return out;
}

}  // namespace tolmach
