#include "search/translator.h"

#include <algorithm>
#include <cstdlib>

#include "data/translation_batches.h"
#include "base/error.h"
#include "base/tool_main.h"
#include "search/beam_search.h"
#include "search/nbest_format.h"
#include "align/word_alignment.h"

namespace tolmach {
namespace {

std::vector<std::string> pieces_of(const Vocab& vocab, const std::vector<int>& ids) {
  std::vector<std::string> out;
  for (int id : ids) out.push_back(vocab.piece(id));
  return out;
}

}  // namespace

void parse_alignment_option(const std::string& value, TranslatorOptions& o) {
  if (value == "hard") {
    o.alignment = AlignmentOutput::hard;
  } else if (value == "soft") {
    o.alignment = AlignmentOutput::soft;
  } else {
    char* end = nullptr;
    const float t = std::strtof(value.c_str(), &end);
    if (value.empty() || *end || !(t > 0.f && t <= 1.f))
      throw UsageError("--alignment must be hard, soft or a threshold in (0, 1], not '" + value + "'");
    o.alignment = AlignmentOutput::threshold;
    o.alignment_threshold = t;
  }
  o.search.attention = true;
}

Translator::Translator(StepModelFactory make_step_model, const Tokenizer& source, const Tokenizer& target,
                       const BatchShape& shape, TranslatorOptions options)
    : models_(std::move(make_step_model)),
      source_(source),
      target_(target),
      shape_(shape),
      options_(std::move(options)) {
  const Vocab& v = target_.vocab();
  options_.search.bos = shape_.bos;
  options_.search.eos = shape_.eos;
  options_.search.banned.clear();
  for (int id : {shape_.pad, shape_.bos, v.unk_id()})
    if (id >= 0 && id != shape_.eos) options_.search.banned.push_back(id);
  if (!options_.n_best) options_.search.n_best = 1;
  else options_.search.n_best = static_cast<size_t>(options_.search.beam_size);
  if (options_.alignment != AlignmentOutput::none) options_.search.attention = true;
}

std::vector<NBestList> Translator::search_all(const std::vector<std::vector<int>>& sources) {
  // An empty line translates to one empty hypothesis (as marian-decoder), without search;
  // so does a source longer than max_length.
  std::vector<NBestList> results(sources.size(), NBestList(1));
  std::vector<size_t> nonempty;
  std::vector<std::vector<int>> searched;
  for (size_t i = 0; i < sources.size(); ++i)
    if (!sources[i].empty() && !too_long(sources[i])) {
      nonempty.push_back(i);
      searched.push_back(sources[i]);
    }
  const auto batches = plan_translation_batches(searched, options_.mini_batch, options_.mini_batch_words);
  models_.run(batches.size(), [&](StepModel& model, size_t b) {
    std::vector<std::vector<int>> rows;
    for (size_t k : batches[b]) rows.push_back(searched[k]);
    std::vector<NBestList> lists = search(model, make_source_batch(rows, shape_), options_.search);
    for (size_t k = 0; k < lists.size(); ++k) results[nonempty[batches[b][k]]] = std::move(lists[k]);
  });
  return results;
}

bool Translator::too_long(const std::vector<int>& source) const {
  return source.size() > static_cast<size_t>(std::max(0, options_.search.max_length));
}

void Translator::warn_too_long(const std::vector<std::vector<int>>& sources, size_t first_id) const {
  if (options_.input_name.empty()) return;
  for (size_t i = 0; i < sources.size(); ++i)
    if (too_long(sources[i]))
      tool_warning(InputError(options_.input_name, first_id + i + 1,
                              std::to_string(sources[i].size()) + " pieces, more than --max-length " +
                                  std::to_string(options_.search.max_length) + ": an empty line in its place")
                       .what());
}

std::string Translator::alignment(const std::vector<int>& source_ids, const Hypothesis& h) const {
  const auto src_words = piece_words(pieces_of(source_.vocab(), source_ids));
  const auto trg_words = piece_words(pieces_of(target_.vocab(), h.tokens));
  switch (options_.alignment) {
    case AlignmentOutput::soft: return soft_word_alignment(h.attention, src_words, trg_words);
    case AlignmentOutput::threshold:
      return hard_word_alignment(h.attention, src_words, trg_words, options_.alignment_threshold);
    default: return hard_word_alignment(h.attention, src_words, trg_words);
  }
}

std::vector<std::string> Translator::translate(const std::vector<std::string>& lines, size_t first_id) {
  std::vector<std::vector<int>> sources;
  for (const auto& line : lines) sources.push_back(source_.encode_ids(line));
  warn_too_long(sources, first_id);
  const std::vector<NBestList> results = search_all(sources);
  std::vector<std::string> out(lines.size());
  const bool align = options_.alignment != AlignmentOutput::none;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string& o = out[i];
    if (options_.n_best) {
      for (const Hypothesis& h : results[i]) {
        if (!o.empty()) o += '\n';
        o += nbest_line(first_id + i, target_.decode_ids(h.tokens), h,
                        align ? std::optional(alignment(sources[i], h)) : std::nullopt);
      }
    } else if (!results[i].empty()) {
      const Hypothesis& h = results[i].front();
      o = target_.decode_ids(h.tokens);
      if (align) o += " ||| " + alignment(sources[i], h);
    }
  }
  return out;
}

std::vector<std::string> Translator::translate_text(const std::vector<std::string>& lines) {
  std::vector<std::vector<int>> sources;
  for (const auto& line : lines) sources.push_back(source_.encode_ids(line));
  const std::vector<NBestList> results = search_all(sources);
  std::vector<std::string> out;
  for (const auto& r : results) out.push_back(r.empty() ? "" : target_.decode_ids(r.front().tokens));
  return out;
}

}  // namespace tolmach
