// tolmach-align -m MODEL: word alignment of given sentence pairs from a model's attention
// (forced decoding), streamed in windows of --maxi-batch x --mini-batch pairs like
// tolmach-translate, one Pharaoh line per input line in order.
#include <boost/program_options.hpp>

#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "align/aligner.h"
#include "align/commands.h"
#include "align/heatmap_dir.h"
#include "align/pair_reader.h"
#include "align/symmetrize.h"
#include "base/error.h"
#include "common/options.h"
#include "io/tool_streams.h"
#include "models/load_models.h"
#include "parse_options.h"
#include "tensor/threads.h"
#include "text/line_windows.h"

namespace po = boost::program_options;

namespace tolmach::align_tool {
namespace {

std::string output_line(const PairAlignment& a, bool soft, bool scores) {
  std::ostringstream line;
  line << (soft ? format_soft_alignment(a.weights) : format_pharaoh(a.links));
  if (scores) {
    line << " ||| ";
    if (a.score) line << *a.score;
  }
  return line.str();
}

struct ForceFlags {
  std::vector<std::string> model_dirs;
  std::string reverse_dir, symmetrize_with, heatmap_dir, gold_path;
  std::string input = "-", source, target, output = "-", method = "argmax", on_bad_line = "error";
  std::optional<nn::Precision> precision;
  AlignerOptions opt;
  size_t maxi_batch = 100;
  int threads = 1;
  bool soft = false, scores = false, quiet = false, one_based = false;
};

po::options_description force_options(ForceFlags& f) {
  po::options_description d(
      "usage: tolmach-align -m DIR [options] < 'source ||| target' lines > Pharaoh alignments\n"
      "       tolmach-align combine|eval|ibm2 ... (--help of each)\n\nOptions");
  d.add_options()
      ("help,h", "this help")
      ("models,m", po::value(&f.model_dirs)->required()->multitoken(),
       "model directory translating source to target (several: an ensemble; attention from the first)")
      ("reverse-model,r", po::value(&f.reverse_dir),
       "a model translating target to source: its alignments are symmetrised with the forward ones")
      ("symmetrize", po::value(&f.symmetrize_with),
       ("with -r: " + heuristic_names() + " (default grow-diag-final-and)").c_str())
      ("input,i", po::value(&f.input), "'source ||| target' (or TAB-separated) lines (default stdin)")
      ("source,s", po::value(&f.source), "source sentences, one per line (with --target, instead of --input)")
      ("target,t", po::value(&f.target), "target sentences, parallel to --source")
      ("output,o", po::value(&f.output), "output file (default stdout; written atomically)")
      ("method", tool::defaulted(f.method),
       "argmax: each target subword's prediction step's attention; shift: the next step's (whose input "
       "it is; better for Transformers); threshold: every link with weight >= --threshold")
      ("threshold", tool::defaulted(f.opt.threshold), "with --method threshold")
      ("alignment-layer", po::value<int>(), "transformer: decoder layer (1-based) whose attention aligns (default: last)")
      ("alignment-heads", po::value<std::vector<int>>()->multitoken(),
       "transformer: the heads (0-based) averaged for alignment (default: all)")
      ("soft", po::bool_switch(&f.soft),
       "print the word-level attention instead: per target word, comma-separated weights of the source words")
      ("scores", po::bool_switch(&f.scores), "append ' ||| ' and the pair's log-probability under the model")
      ("heatmap", po::value(&f.heatmap_dir),
       "write DIR/NNNNNN.svg per pair: the forward attention over words, the output's links marked")
      ("gold", po::value(&f.gold_path), "with --heatmap: mark these gold links (i-j sure, ipj possible), a line per pair")
      ("one-based", po::bool_switch(&f.one_based), "the --gold file counts words from 1 (.talp files)")
      ("mini-batch", tool::defaulted(f.opt.mini_batch), "sentence pairs per batch")
      ("mini-batch-words", tool::defaulted(f.opt.mini_batch_words), "source tokens per batch (0: by pairs)")
      ("maxi-batch", tool::defaulted(f.maxi_batch), "sort windows of N mini-batches by length")
      ("max-length", tool::defaulted(f.opt.max_length),
       "pairs with more subwords on a side get an empty line (and a warning)")
      ("threads", tool::threads_value(f.threads), "CPU threads (0: all cores); batches run side by side")
      ("precision", tool::precision_value(f.precision), "float32, bfloat16 or int8 (default: the model's)")
      (kOnBadLineFlag, tool::defaulted(f.on_bad_line), kOnBadLineHelp)
      ("quiet", po::bool_switch(&f.quiet), "no log on stderr");
  return d;
}

// UsageError for flags that do not go together; returns the symmetrisation heuristic.
Heuristic check_flags(const ForceFlags& f, const po::variables_map& vm) {
  if (f.opt.mini_batch < 1 || f.maxi_batch < 1) throw UsageError("--mini-batch and --maxi-batch must be at least 1");
  if (f.source.empty() != f.target.empty()) throw UsageError("--source and --target go together");
  if (!f.source.empty() && vm.count("input")) throw UsageError("--input or --source/--target, not both");
  if (!(f.opt.threshold > 0.f && f.opt.threshold <= 1.f)) throw UsageError("--threshold must be in (0, 1]");
  if (!f.symmetrize_with.empty() && f.reverse_dir.empty()) throw UsageError("--symmetrize needs a reverse model (-r)");
  const Heuristic heuristic = parse_heuristic(f.symmetrize_with.empty() ? "grow-diag-final-and" : f.symmetrize_with);
  if (f.soft && !f.reverse_dir.empty()) throw UsageError("--soft prints one direction's attention: not with -r");
  if (!f.gold_path.empty() && f.heatmap_dir.empty()) throw UsageError("--gold goes with --heatmap");
  return heuristic;
}

// The model(s) of one direction, logged unless --quiet.
LoadedModels load(const ForceFlags& f, const std::vector<std::string>& dirs, const nlohmann::json& overrides) {
  LoadedModels m = load_models({dirs, {}, f.precision, overrides});
  if (!f.quiet)
    for (const auto& line : m.loaded) std::cerr << "tolmach-align: " << line << '\n';
  return m;
}

// 'source ||| target' lines from --input, or parallel --source / --target files.
struct PairInput {
  std::unique_ptr<ToolInput> in, in_target;
  std::unique_ptr<PairReader> reader;
  explicit PairInput(const ForceFlags& f) {
    const BadLinePolicy policy = parse_bad_line_policy(f.on_bad_line);
    in = std::make_unique<ToolInput>(f.source.empty() ? f.input : f.source);
    if (f.source.empty()) {
      reader = std::make_unique<PairReader>(in->stream(), in->name(), policy);
      return;
    }
    in_target = std::make_unique<ToolInput>(f.target);
    reader = std::make_unique<PairReader>(in->stream(), in->name(), in_target->stream(), in_target->name(), policy);
  }
  void check_read() const {
    in->check_read();
    if (in_target) in_target->check_read();
  }
};

}  // namespace

int force(int argc, char** argv) {
  ForceFlags f;
  const po::variables_map vm = parse_options(po::command_line_parser(argc, argv), force_options(f));
  f.opt.method = parse_attention_method(f.method);
  const Heuristic heuristic = check_flags(f, vm);
  set_num_threads(f.threads);

  nlohmann::json overrides = nlohmann::json::object();
  if (vm.count("alignment-layer")) overrides["alignment-layer"] = vm["alignment-layer"].as<int>();
  if (vm.count("alignment-heads")) overrides["alignment-heads"] = vm["alignment-heads"].as<std::vector<int>>();
  const LoadedModels models = load(f, f.model_dirs, overrides);
  std::optional<LoadedModels> reverse_models;
  if (!f.reverse_dir.empty()) reverse_models = load(f, {f.reverse_dir}, overrides);
  Aligner aligner(models.step_models(), *models.source, *models.target, models.shape, f.opt);
  std::optional<Aligner> reverse_aligner;
  if (reverse_models)
    reverse_aligner.emplace(reverse_models->step_models(), *reverse_models->source, *reverse_models->target,
                            reverse_models->shape, f.opt);
  std::optional<HeatmapDir> heatmaps;
  if (!f.heatmap_dir.empty()) heatmaps.emplace(f.heatmap_dir, f.gold_path, f.one_based);

  PairInput input(f);
  ToolOutput out(f.output);
  size_t line = 0;
  read_in_windows<SentencePair>(*input.reader, f.maxi_batch * f.opt.mini_batch, [&](const std::vector<SentencePair>& pairs) {
    const std::vector<PairAlignment> alignments =
        reverse_aligner ? align_both_ways(aligner, *reverse_aligner, pairs, heuristic) : aligner.align(pairs);
    for (const PairAlignment& a : alignments) {
      ++line;
      if (a.too_long && !f.quiet)
        std::cerr << "tolmach-align: " << input.in->name() << ":" << line << ": longer than --max-length "
                  << f.opt.max_length << " subwords: no alignment\n";
      out.stream() << output_line(a, f.soft, f.scores) << '\n';
      if (heatmaps && !a.too_long) heatmaps->write(line, a);
    }
    out.stream().flush();
  });
  input.check_read();
  out.commit();
  return 0;
}

}  // namespace tolmach::align_tool
