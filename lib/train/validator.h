#pragma once
// Validation during training (--valid-sets, --valid-metrics): cross-entropy and perplexity
// from the model's loss on the validation pairs (no dropout), BLEU by translating the
// validation source and scoring the detokenised output against the raw references with
// lib/metrics (exactly what tolmach-score-bleu reports).
#include <string>
#include <vector>

#include "data/batch.h"
#include "data/corpus.h"
#include "models/seq2seq.h"
#include "search/translator.h"
#include "text/tokenizer.h"

namespace tolmach {

// "cross-entropy", "perplexity", "bleu"; UsageError for anything else.
void check_metric_name(const std::string& metric);
bool higher_is_better(const std::string& metric);

struct ValidationSet {
  ParallelCorpus corpus;                    // encoded pairs (cross-entropy, perplexity)
  std::vector<std::string> source_lines;    // raw text (bleu)
  std::vector<std::string> reference_lines;
};

class Validator {
 public:
  Validator(ValidationSet data, std::vector<std::string> metrics, const Tokenizer& source,
            const Tokenizer& target, BatchShape shape, TranslatorOptions translate, size_t mini_batch_words);

  const std::vector<std::string>& metrics() const { return metrics_; }
  // One value per metric, in order. Leaves the model in evaluation mode.
  std::vector<double> run(Seq2SeqModel& model);

 private:
  double cross_entropy(Seq2SeqModel& model);
  double bleu(Seq2SeqModel& model);
  ValidationSet data_;
  std::vector<std::string> metrics_;
  const Tokenizer& source_;
  const Tokenizer& target_;
  BatchShape shape_;
  TranslatorOptions translate_;
  size_t mini_batch_words_;
};

}  // namespace tolmach
