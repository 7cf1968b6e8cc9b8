// tolmach-align -m MODEL: word alignment of given sentence pairs from a model's attention
// (forced decoding), streamed in windows of --maxi-batch x --mini-batch pairs like
// tolmach-translate, one Pharaoh line per input line in order.
#include <boost/program_options.hpp>

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <iostream>
#include <optional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "align/aligner.h"
#include "align/commands.h"
#include "align/gold.h"
#include "align/heatmap.h"
#include "align/pair_reader.h"
#include "align/symmetrize.h"
#include "io/atomic_file.h"
#include "io/error.h"
#include "io/tool_streams.h"
#include "models/load_models.h"
#include "parse_options.h"
#include "tensor/threads.h"
#include "text/line_windows.h"

namespace po = boost::program_options;

namespace tolmach::align_tool {
namespace {

// The reverse model aligns each pair the other way round.
std::vector<SentencePair> swapped(std::vector<SentencePair> pairs) {
  for (auto& p : pairs) std::swap(p.source, p.target);
  return pairs;
}

std::string output_line(const PairAlignment& a, bool soft, bool scores) {
  std::ostringstream line;
  line << (soft ? format_soft_alignment(a.weights) : format_pharaoh(a.links));
  if (scores) {
    line << " ||| ";
    if (a.score) line << *a.score;
  }
  return line.str();
}

// DIR/NNNNNN.svg for pair `line`; with gold, that line of the gold file marked too.
void write_heatmap(const std::string& dir, size_t line, const PairAlignment& a, LineReader* gold, bool one_based) {
  GoldLinks g;
  std::string gold_line;
  if (gold) {
    if (!gold->next(gold_line)) throw InputError(gold->name(), gold->line_number(), "has fewer lines than the input");
    try {
      g = parse_gold(gold_line, one_based);
    } catch (const std::invalid_argument& e) {
      throw InputError(gold->name(), gold->line_number(), e.what());
    }
  }
  Links possible_only;  // GoldLinks.possible includes the sure ones, drawn as sure
  std::set_difference(g.possible.begin(), g.possible.end(), g.sure.begin(), g.sure.end(),
                      std::back_inserter(possible_only));
  std::string svg;
  try {
    svg = attention_heatmap_svg(a.source_words, a.target_words, a.weights, a.links, g.sure, possible_only,
                                "pair " + std::to_string(line));
  } catch (const std::invalid_argument& e) {  // a gold link beyond the sentence
    throw InputError(gold ? gold->name() : dir, gold ? gold->line_number() : 0, e.what());
  }
  write_file_atomic(dir + "/" + heatmap_file_name(line), svg);
}

}  // namespace

int force(int argc, char** argv) {
  std::vector<std::string> model_dirs;
  std::string reverse_dir, symmetrize_with, heatmap_dir, gold_path;
  std::string input = "-", source, target, output = "-", method = "argmax", precision;
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
      ("quiet", po::bool_switch(&quiet), "no log on stderr");
  const po::variables_map vm = parse_options(po::command_line_parser(argc, argv), desc);
  opt.method = parse_attention_method(method);
  if (opt.mini_batch < 1 || maxi_batch < 1) throw UsageError("--mini-batch and --maxi-batch must be at least 1");
  if (source.empty() != target.empty()) throw UsageError("--source and --target go together");
  if (!source.empty() && vm.count("input")) throw UsageError("--input or --source/--target, not both");
  if (!(opt.threshold > 0.f && opt.threshold <= 1.f)) throw UsageError("--threshold must be in (0, 1]");
  if (!symmetrize_with.empty() && reverse_dir.empty()) throw UsageError("--symmetrize needs a reverse model (-r)");
  const Heuristic heuristic = parse_heuristic(symmetrize_with.empty() ? "grow-diag-final-and" : symmetrize_with);
  if (soft && !reverse_dir.empty()) throw UsageError("--soft prints one direction's attention: not with -r");
  if (!gold_path.empty() && heatmap_dir.empty()) throw UsageError("--gold goes with --heatmap");
  set_num_threads(threads);

  ModelLoadOptions load{model_dirs, {}, precision};
  if (vm.count("alignment-layer")) load.overrides["alignment-layer"] = vm["alignment-layer"].as<int>();
  if (vm.count("alignment-heads")) load.overrides["alignment-heads"] = vm["alignment-heads"].as<std::vector<int>>();
  const LoadedModels models = load_models(load);
  std::optional<LoadedModels> reverse_models;
  if (!reverse_dir.empty()) reverse_models = load_models({{reverse_dir}, {}, precision, load.overrides});
  std::vector<std::string> loaded = models.loaded;
  if (reverse_models) loaded.insert(loaded.end(), reverse_models->loaded.begin(), reverse_models->loaded.end());
  if (!quiet)
    for (const auto& line : loaded) std::cerr << "tolmach-align: " << line << '\n';
  Aligner aligner(models.step_models(), *models.source, *models.target, models.shape, opt);
  std::optional<Aligner> reverse_aligner;
  if (reverse_models)
    reverse_aligner.emplace(reverse_models->step_models(), *reverse_models->source, *reverse_models->target,
                            reverse_models->shape, opt);
  std::unique_ptr<ToolInput> gold_in;
  std::unique_ptr<LineReader> gold;
  if (!gold_path.empty()) {
    gold_in = std::make_unique<ToolInput>(gold_path);
    gold = std::make_unique<LineReader>(gold_in->stream(), gold_in->name());
  }
  if (!heatmap_dir.empty()) std::filesystem::create_directories(heatmap_dir);

  std::unique_ptr<ToolInput> in, in_target;
  std::unique_ptr<PairReader> reader;
  if (source.empty()) {
    in = std::make_unique<ToolInput>(input);
    reader = std::make_unique<PairReader>(in->stream(), in->name());
  } else {
    in = std::make_unique<ToolInput>(source);
    in_target = std::make_unique<ToolInput>(target);
    reader = std::make_unique<PairReader>(in->stream(), in->name(), in_target->stream(), in_target->name());
  }
  ToolOutput out(output);
  size_t line = 0;
  read_in_windows<SentencePair>(*reader, maxi_batch * opt.mini_batch, [&](const std::vector<SentencePair>& pairs) {
    std::vector<PairAlignment> forward = aligner.align(pairs);
    if (reverse_aligner) {
      const std::vector<PairAlignment> reverse = reverse_aligner->align(swapped(pairs));
      for (size_t i = 0; i < pairs.size(); ++i)
        forward[i].links = symmetrize(forward[i].links, inverted(reverse[i].links), heuristic);
    }
    for (const PairAlignment& a : forward) {
      ++line;
      if (a.too_long && !quiet)
        std::cerr << "tolmach-align: " << in->name() << ":" << line << ": longer than --max-length "
                  << opt.max_length << " subwords: no alignment\n";
      out.stream() << output_line(a, soft, scores) << '\n';
      if (!heatmap_dir.empty() && !a.too_long) write_heatmap(heatmap_dir, line, a, gold.get(), one_based);
    }
    out.stream().flush();
  });
  in->check_read();
  if (in_target) in_target->check_read();
  out.commit();
  return 0;
}

}  // namespace tolmach::align_tool
