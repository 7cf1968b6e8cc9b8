#pragma once
// Translation of text lines, shared by tolmach-translate and validation: tokenise, batch
// by source length (plan_translation_batches), search, detokenise, and give the results
// back in input order, as the output lines (1-best, n-best lists, alignments).
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "data/batch.h"
#include "search/hypothesis.h"
#include "search/step_model_pool.h"
#include "text/tokenizer.h"

namespace tolmach {

enum class AlignmentOutput { none, hard, soft, threshold };

struct TranslatorOptions {
  SearchOptions search;          // bos/eos/banned are set from the target vocabulary
  bool n_best = false;           // print all search.n_best hypotheses in Moses format
  AlignmentOutput alignment = AlignmentOutput::none;
  float alignment_threshold = 0.f;
  size_t mini_batch = 16;        // sentences per search batch
  size_t mini_batch_words = 0;   // or source tokens per batch (0: by sentences)
  // A source of more than search.max_length pieces is not searched (its memory and time
  // would grow without bound, e.g. a 1 MB line): an empty output line in its place, and a
  // warning naming input_name:LINE unless input_name is empty.
  std::string input_name;
};

// Parse --alignment: "hard", "soft" or a threshold in (0, 1]. UsageError otherwise.
void parse_alignment_option(const std::string& value, TranslatorOptions& options);

class Translator {
 public:
  // Batches are searched side by side on the threads (StepModelPool); each batch's
  // translations are the same either way.
  Translator(StepModelFactory make_step_model, const Tokenizer& source, const Tokenizer& target,
             const BatchShape& shape, TranslatorOptions options);

  // One output per line, in input order: the best translation (then " ||| alignment"),
  // or with n_best its lines "id ||| text ||| ..." joined by '\n' (ids from first_id).
  std::vector<std::string> translate(const std::vector<std::string>& lines, size_t first_id = 0);

  // The detokenised best translations only (validation BLEU).
  std::vector<std::string> translate_text(const std::vector<std::string>& lines);

 private:
  std::vector<NBestList> search_all(const std::vector<std::vector<int>>& sources);
  std::string alignment(const std::vector<int>& source_ids, const Hypothesis& h) const;
  bool too_long(const std::vector<int>& source) const;
  void warn_too_long(const std::vector<std::vector<int>>& sources, size_t first_id) const;
  StepModelPool models_;
  const Tokenizer& source_;
  const Tokenizer& target_;
  BatchShape shape_;
  TranslatorOptions options_;
};

}  // namespace tolmach
