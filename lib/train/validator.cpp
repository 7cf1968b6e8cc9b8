#include "train/validator.h"

#include <cmath>

#include "data/batch_plan.h"
#include "base/error.h"
#include "metrics/bleu.h"

namespace tolmach {

void check_metric_name(const std::string& m) {
  if (m != "cross-entropy" && m != "perplexity" && m != "bleu")
    throw UsageError("unknown validation metric '" + m + "' (cross-entropy, perplexity, bleu)");
}

bool higher_is_better(const std::string& m) { return m == "bleu"; }

Validator::Validator(ValidationSet data, std::vector<std::string> metrics, const Tokenizer& source,
                     const Tokenizer& target, BatchShape shape, TranslatorOptions translate,
                     size_t mini_batch_words)
    : data_(std::move(data)), metrics_(std::move(metrics)), source_(source), target_(target),
      shape_(shape), translate_(std::move(translate)), mini_batch_words_(mini_batch_words) {
  for (const auto& m : metrics_) check_metric_name(m);
}

double Validator::cross_entropy(Seq2SeqModel& model) {
  BatchOptions o;
  o.shuffle = Shuffle::none;
  o.mini_batch_words = mini_batch_words_;
  o.mini_batch = 64;
  const EpochPlan plan = plan_epoch(data_.corpus, o, 0);
  double sum = 0;
  size_t tokens = 0;
  NoGradGuard no_grad;
  for (const auto& indices : plan.batches) {
    const Batch b = make_batch(data_.corpus, indices, shape_);
    LossResult r = model.loss(b, LossOptions{}, 0);
    sum += r.sum.value().item();
    tokens += r.tokens;
  }
  return tokens ? sum / tokens : 0.0;
}

double Validator::bleu(Seq2SeqModel& model) {
  Translator translator([&] { return model.step_model(); }, source_, target_, shape_, translate_);
  const std::vector<std::string> hyps = translator.translate_text(data_.source_lines);
  metrics::Bleu bleu;
  bleu.cache_references({data_.reference_lines}, 1);
  return metrics::corpus_score(bleu, hyps, 1).score;
}

std::vector<double> Validator::run(Seq2SeqModel& model) {
  model.set_training(false);
  std::vector<double> out;
  double ce = -1;
  for (const auto& m : metrics_) {
    if (m == "bleu") {
      out.push_back(bleu(model));
    } else {
      if (ce < 0) ce = cross_entropy(model);
      out.push_back(m == "perplexity" ? std::exp(ce) : ce);
    }
  }
  return out;
}

}  // namespace tolmach
