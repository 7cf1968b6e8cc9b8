// tolmach-train's schedule and validation flags, and the checks that turn the text-valued
// flags into TrainerOptions.
#include "base/error.h"
#include "common/options.h"
#include "models/guided_alignment.h"
#include "train/flags.h"
#include "train/gradient_allreduce.h"

namespace po = boost::program_options;

namespace tolmach::train_tool {
namespace {

// "5000" or "5000u" updates; with allow_epochs also "10e" (returned as negative epochs).
int64_t parse_count(const std::string& value, const char* option, bool allow_epochs) {
  size_t used = 0;
  long long n = -1;
  try {
    n = std::stoll(value, &used);
  } catch (const std::exception&) {
  }
  const std::string unit = n >= 0 ? value.substr(used) : "";
  if (n < 0 || !(unit.empty() || unit == "u" || (allow_epochs && unit == "e")))
    throw UsageError(std::string("--") + option + ": expected a number of updates" +
                     (allow_epochs ? " (N or Nu) or epochs (Ne)" : " (N or Nu)") + ", not '" + value + "'");
  return unit == "e" ? -n : n;
}

LengthSort parse_sort(const std::string& s) {
  if (s == "none") return LengthSort::none;
  if (s == "src") return LengthSort::source;
  if (s == "trg") return LengthSort::target;
  throw UsageError("--maxi-batch-sort must be none, src or trg");
}

Shuffle parse_shuffle(const std::string& s) {
  if (s == "none") return Shuffle::none;
  if (s == "batches") return Shuffle::batches;
  if (s == "data") return Shuffle::data;
  throw UsageError("--shuffle must be data, batches or none");
}

}  // namespace

po::options_description schedule_options(TrainCommand& cmd, ScheduleFlags& s) {
  TrainerOptions& t = cmd.trainer;
  po::options_description d("Schedule and validation");
  d.add_options()
      ("after-epochs,e", po::value(&s.after_epochs), "stop after N epochs")
      ("after-batches", po::value(&s.after_batches), "stop after N updates")
      ("after", po::value(&s.after), "stop after Nu updates or Ne epochs")
      ("disp-freq", tool::defaulted(s.disp_freq), "log every N updates")
      ("save-freq", tool::defaulted(s.save_freq), "checkpoint every N updates")
      ("keep-checkpoints", tool::defaulted(t.keep_checkpoints), "keep the last N checkpoints (for averaging)")
      ("valid-sets", po::value(&cmd.valid_sets)->multitoken(), "SRC TGT validation files (raw text)")
      ("valid-metrics", po::value(&cmd.valid_metrics)->multitoken(),
       "cross-entropy, perplexity, bleu (the first decides early stopping; default cross-entropy)")
      ("valid-freq", tool::defaulted(s.valid_freq), "validate every N updates")
      ("valid-mini-batch", tool::defaulted(cmd.valid_mini_batch), "sentences per batch when translating for BLEU")
      ("valid-beam-size", tool::defaulted(cmd.valid_beam_size), "beam size when translating for BLEU")
      ("valid-normalize", tool::defaulted(cmd.valid_normalize), "length normalisation when translating for BLEU")
      ("early-stopping", tool::defaulted(t.early_stopping), "stop after N validations without improvement (0: never)")
      ("keep-best", po::bool_switch(&t.keep_best), "DIR/model.safetensors is the best model on the first validation metric")
      ("log", po::value(&cmd.log_file), "also append log lines to FILE");
  return d;
}

void apply_schedule_flags(const po::variables_map& vm, const ScheduleFlags& s, TrainCommand& cmd) {
  TrainerOptions& t = cmd.trainer;
  if (s.optimizer != "adam") throw UsageError("--optimizer: only adam is available");
  if (vm.count("optimizer-params")) {
    const auto p = vm["optimizer-params"].as<std::vector<float>>();
    if (p.size() != 3) throw UsageError("--optimizer-params needs beta1 beta2 eps");
    t.adam.beta1 = p[0];
    t.adam.beta2 = p[1];
    t.adam.eps = p[2];
  }
  t.adam.decoupled = false;
  if (cmd.valid_metrics.empty()) cmd.valid_metrics = {"cross-entropy"};
  t.batch.sort = parse_sort(s.sort);
  t.batch.shuffle = parse_shuffle(s.shuffle);
  t.batch.seed = t.seed;
  t.after_epochs = s.after_epochs;
  t.after_updates = static_cast<int64_t>(s.after_batches);
  if (!s.after.empty()) {
    const int64_t n = parse_count(s.after, "after", true);
    if (n < 0) t.after_epochs = static_cast<uint64_t>(-n);
    else t.after_updates = n;
  }
  if (t.lr.cooldown < 0 || (t.lr.cooldown > 0 && (t.after_updates == 0 || t.lr.cooldown > t.after_updates)))
    throw UsageError("--lr-cooldown N needs an update limit of at least N (--after Nu)");
  t.disp_freq = parse_count(s.disp_freq, "disp-freq", false);
  t.save_freq = parse_count(s.save_freq, "save-freq", false);
  t.valid_freq = parse_count(s.valid_freq, "valid-freq", false);
  if (t.exponential_smoothing < 0 || t.exponential_smoothing >= 1)
    throw UsageError("--exponential-smoothing must be in [0, 1)");
  if (cmd.guided_alignment.empty()) t.loss.guided_alignment_weight = 0.f;
  t.loss.guided_alignment_cost = parse_guided_alignment_cost(s.guided_cost);
  if (*s.precision == nn::Precision::int8) throw UsageError("--precision: training runs in float32 or bfloat16, not int8");
  cmd.bf16_linear = *s.precision == nn::Precision::bfloat16;
  t.allreduce_precision = parse_allreduce_precision(s.allreduce_precision);
}

}  // namespace tolmach::train_tool
