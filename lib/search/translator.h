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
#include "search/step_model.h"
#include "tensor/worker_pool.h"
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
};

// Parse --alignment: "hard", "soft" or a threshold in (0, 1]. UsageError otherwise.
void parse_alignment_option(const std::string& value, TranslatorOptions& options);

// Makes a fresh decoder over one model (Seq2SeqModel::step_model); each worker owns one.
using StepModelFactory = std::function<std::unique_ptr<StepModel>()>;

class Translator {
 public:
  // With num_threads() = T > 1 and at least T mini-batches to search, T workers of one
  // thread each search them side by side (batch-level parallelism, as Marian's
  // --cpu-threads): decoding is many small ops that do not split well over threads. Fewer
  // batches (interactive input) are searched one at a time with all T threads. Either way
  // each batch's translations are the same.
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
  StepModelFactory make_step_model_;
  std::unique_ptr<StepModel> model_;                      // for the calling thread
  std::unique_ptr<WorkerPool> pool_;                      // both created on first use
  std::vector<std::unique_ptr<StepModel>> pool_models_;   // one per pool worker
  const Tokenizer& source_;
  const Tokenizer& target_;
  BatchShape shape_;
  TranslatorOptions options_;
};

}  // namespace tolmach
