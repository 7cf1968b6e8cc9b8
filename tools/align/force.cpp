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
#include "io/error.h"
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

}  // namespace

int force(int argc, char** argv) {
  std::vector<std::string> model_dirs;
  std::string reverse_dir, symmetrize_with, heatmap_dir, gold_path;
  std::string input = "-", source, target, output = "-", method = "argmax", precision, on_bad_line;
  AlignerOptions opt;
  size_t maxi_batch = 100;
  int threads = 1;
  bool soft = false, scores = false, quiet = false, one_based = false;
  po::options_description desc(
      "usage: tolmach-align -m DIR [options] < 'source ||| target' lines > Pharaoh alignments\n"
      "       tolmach-align combine|eval|ibm2 ... (--help of each)\n\nOptions");
  desc.add_options()
      ("help,h", "this help")
      ("models,m", po::value(&model_dirs)->required()->multitoken(),
       "model directory translating source to target (several: an ensemble; attention from the first)")
      ("reverse-model,r", po::value(&reverse_dir),
       "a model translating target to source: its alignments are symmetrised with the forward ones")
      ("symmetrize", po::value(&symmetrize_with),
       ("with -r: " + heuristic_names() + " (default grow-diag-final-and)").c_str())
      ("input,i", po::value(&input), "'source ||| target' (or TAB-separated) lines (default stdin)")
      ("source,s", po::value(&source), "source sentences, one per line (with --target, instead of --input)")
      ("target,t", po::value(&target), "target sentences, parallel to --source")
      ("output,o", po::value(&output), "output file (default stdout; written atomically)")
      ("method", po::value(&method)->default_value("argmax"),
       "argmax: each target subword's prediction step's attention; shift: the next step's (whose input "
       "it is; better for Transformers); threshold: every link with weight >= --threshold")
      ("threshold", po::value(&opt.threshold)->default_value(0.5f), "with --method threshold")
      ("alignment-layer", po::value<int>(), "transformer: decoder layer (1-based) whose attention aligns (default: last)")
      ("alignment-heads", po::value<std::vector<int>>()->multitoken(),
       "transformer: the heads (0-based) averaged for alignment (default: all)")
      ("soft", po::bool_switch(&soft),
       "print the word-level attention instead: per target word, comma-separated weights of the source words")
      ("scores", po::bool_switch(&scores), "append ' ||| ' and the pair's log-probability under the model")
      ("heatmap", po::value(&heatmap_dir),
       "write DIR/NNNNNN.svg per pair: the forward attention over words, the output's links marked")
      ("gold", po::value(&gold_path), "with --heatmap: mark these gold links (i-j sure, ipj possible), a line per pair")
      ("one-based", po::bool_switch(&one_based), "the --gold file counts words from 1 (.talp files)")
      ("mini-batch", po::value(&opt.mini_batch)->default_value(16), "sentence pairs per batch")
      ("mini-batch-words", po::value(&opt.mini_batch_words)->default_value(0), "source tokens per batch (0: by pairs)")
      ("maxi-batch", po::value(&maxi_batch)->default_value(100), "sort windows of N mini-batches by length")
      ("max-length", po::value(&opt.max_length)->default_value(1000),
       "pairs with more subwords on a side get an empty line (and a warning)")
      ("threads", po::value(&threads)->default_value(1), "CPU threads (0: all cores); batches run side by side")
      ("precision", po::value(&precision), "float32, bfloat16 or int8 (default: the model's)")
      (kOnBadLineFlag, po::value(&on_bad_line)->default_value("error"), kOnBadLineHelp)
      ("quiet", po::bool_switch(&quiet), "no log on stderr");
  const po::variables_map vm = parse_options(po::command_line_parser(argc, argv), desc);
  opt.method = parse_attention_method(method);
  const BadLinePolicy bad_line_policy = parse_bad_line_policy(on_bad_line);
  if (opt.mini_batch < 1 || maxi_batch < 1) throw UsageError("--mini-batch and --maxi-batch must be at least 1");
  if (source.empty() != target.empty()) throw UsageError("--source and --target go together");
  if (!source.empty() && vm.count("input")) throw UsageError("--input or --source/--target, not both");
  if (!(opt.threshold > 0.f && opt.threshold <= 1.f)) throw UsageError("--threshold must be in (0, 1]");
  if (!symmetrize_with.empty() && reverse_dir.empty()) throw UsageError("--symmetrize needs a reverse model (-r)");
  const Heuristic heuristic = parse_heuristic(symmetrize_with.empty() ? "grow-diag-final-and" : symmetrize_with);
  if (soft && !reverse_dir.empty()) throw UsageError("--soft prints one direction's attention: not with -r");
  if (!gold_path.empty() && heatmap_dir.empty()) throw UsageError("--gold goes with --heatmap");
  set_num_threads(threads);

  nlohmann::json overrides = nlohmann::json::object();
  if (vm.count("alignment-layer")) overrides["alignment-layer"] = vm["alignment-layer"].as<int>();
  if (vm.count("alignment-heads")) overrides["alignment-heads"] = vm["alignment-heads"].as<std::vector<int>>();
  auto load = [&](const std::vector<std::string>& dirs) {
    LoadedModels m = load_models({dirs, {}, precision, overrides});
    if (!quiet)
      for (const auto& line : m.loaded) std::cerr << "tolmach-align: " << line << '\n';
    return m;
  };
  const LoadedModels models = load(model_dirs);
  std::optional<LoadedModels> reverse_models;
  if (!reverse_dir.empty()) reverse_models = load({reverse_dir});
  Aligner aligner(models.step_models(), *models.source, *models.target, models.shape, opt);
  std::optional<Aligner> reverse_aligner;
  if (reverse_models)
    reverse_aligner.emplace(reverse_models->step_models(), *reverse_models->source, *reverse_models->target,
                            reverse_models->shape, opt);
  std::optional<HeatmapDir> heatmaps;
  if (!heatmap_dir.empty()) heatmaps.emplace(heatmap_dir, gold_path, one_based);

  std::unique_ptr<ToolInput> in, in_target;
  std::unique_ptr<PairReader> reader;
  if (source.empty()) {
    in = std::make_unique<ToolInput>(input);
    reader = std::make_unique<PairReader>(in->stream(), in->name(), bad_line_policy);
  } else {
    in = std::make_unique<ToolInput>(source);
    in_target = std::make_unique<ToolInput>(target);
    reader = std::make_unique<PairReader>(in->stream(), in->name(), in_target->stream(), in_target->name(),
                                          bad_line_policy);
  }
  ToolOutput out(output);
  size_t line = 0;
  read_in_windows<SentencePair>(*reader, maxi_batch * opt.mini_batch, [&](const std::vector<SentencePair>& pairs) {
    const std::vector<PairAlignment> alignments =
        reverse_aligner ? align_both_ways(aligner, *reverse_aligner, pairs, heuristic) : aligner.align(pairs);
    for (const PairAlignment& a : alignments) {
      ++line;
      if (a.too_long && !quiet)
        std::cerr << "tolmach-align: " << in->name() << ":" << line << ": longer than --max-length "
                  << opt.max_length << " subwords: no alignment\n";
      out.stream() << output_line(a, soft, scores) << '\n';
      if (heatmaps && !a.too_long) heatmaps->write(line, a);
    }
    out.stream().flush();
  });
  in->check_read();
  if (in_target) in_target->check_read();
  out.commit();
  return 0;
}

}  // namespace tolmach::align_tool
