// tolmach-translate: translate text with a model directory, stdin -> stdout. Flags follow
// marian-decoder. Input is read in windows of --maxi-batch x --mini-batch lines, sorted by
// length into batches, and written back in input order; when input pauses (interactive
// use) what has been read is translated and flushed before the next read blocks.
#include <boost/program_options.hpp>

#include <iostream>
#include <string>
#include <vector>

#include "io/error.h"
#include "io/tool_main.h"
#include "io/tool_streams.h"
#include "models/load_models.h"
#include "parse_options.h"
#include "search/translator.h"
#include "tensor/threads.h"
#include "text/line_windows.h"
#include "text/utf8.h"

namespace po = boost::program_options;
using namespace tolmach;

namespace {

int translate(int argc, char** argv) {
  std::vector<std::string> model_dirs;
  std::vector<float> weights;
  std::string input = "-", output = "-", alignment, precision, on_bad_line;
  TranslatorOptions opt;
  size_t maxi_batch = 100;
  int threads = 1;
  bool quiet = false;
  po::options_description desc("usage: tolmach-translate -m DIR [DIR ...] [options] < source > translations\n\nOptions");
  desc.add_options()
      ("help,h", "this help")
      ("models,m", po::value(&model_dirs)->required()->multitoken(),
       "model directory (tolmach-train -m); several: an ensemble sharing the first one's vocabularies")
      ("weights", po::value(&weights)->multitoken(), "ensemble: one weight per model (default 1 each)")
      ("input,i", po::value(&input), "input file (default stdin)")
      ("output,o", po::value(&output), "output file (default stdout; written atomically)")
      ("beam-size,b", po::value(&opt.search.beam_size)->default_value(6), "beam size (1: greedy)")
      ("normalize,n", po::value(&opt.search.normalize)->default_value(0.6f)->implicit_value(1.f),
       "length normalisation: rank by score / length^ALPHA")
      ("max-length-factor", po::value(&opt.search.max_length_factor)->default_value(3.f),
       "at most FACTOR x source length output tokens")
      ("max-length", po::value(&opt.search.max_length)->default_value(1000),
       "at most N output tokens; a source of more pieces gets an empty line (and a warning)")
      ("n-best", po::bool_switch(&opt.n_best), "print the beam's hypotheses: id ||| text ||| F0= score ||| normalised")
      ("mini-batch", po::value(&opt.mini_batch)->default_value(16), "sentences per batch")
      ("mini-batch-words", po::value(&opt.mini_batch_words)->default_value(0), "source tokens per batch (0: by sentences)")
      ("maxi-batch", po::value(&maxi_batch)->default_value(100), "sort windows of N mini-batches by length")
      ("threads", po::value(&threads)->default_value(1),
       "CPU threads (0: all cores); several mini-batches are searched side by side, one per thread")
      ("precision", po::value(&precision),
       "float32, bfloat16 or int8 arithmetic (default: the model's \"precision\", else float32)")
      ("alignment", po::value(&alignment)->implicit_value("hard"),
       "append ' ||| ' word alignment: hard, soft or a threshold in (0, 1]")
      ("alignment-layer", po::value<int>(), "transformer: decoder layer (1-based) whose attention aligns (default: last)")
      ("alignment-heads", po::value<std::vector<int>>()->multitoken(),
       "transformer: the heads (0-based) averaged for alignment (default: all)")
      (kOnBadLineFlag, po::value(&on_bad_line)->default_value("error"), kOnBadLineHelp)
      ("quiet", po::bool_switch(&quiet), "no log on stderr");
  const po::variables_map vm = parse_options(po::command_line_parser(argc, argv), desc);
  if (opt.search.beam_size < 1) throw UsageError("--beam-size must be at least 1");
  if (opt.mini_batch < 1 || maxi_batch < 1) throw UsageError("--mini-batch and --maxi-batch must be at least 1");
  if (!alignment.empty()) parse_alignment_option(alignment, opt);
  const BadLinePolicy bad_line_policy = parse_bad_line_policy(on_bad_line);
  if (!quiet) opt.input_name = input == "-" ? "<stdin>" : input;  // names too-long lines in warnings
  set_num_threads(threads);

  // Models and vocabularies first: a bad model directory fails before any output.
  ModelLoadOptions load{model_dirs, weights, precision};
  if (vm.count("alignment-layer")) load.overrides["alignment-layer"] = vm["alignment-layer"].as<int>();
  if (vm.count("alignment-heads")) load.overrides["alignment-heads"] = vm["alignment-heads"].as<std::vector<int>>();
  const LoadedModels models = load_models(load);
  if (!quiet)
    for (const auto& line : models.loaded) std::cerr << "tolmach-translate: " << line << '\n';
  Translator translator(models.step_models(), *models.source, *models.target, models.shape, opt);

  ToolInput in(input);
  LineReader reader(in.stream(), in.name(), bad_line_policy);
  ToolOutput out(output);
  size_t next_id = 0;
  read_in_windows<std::string>(reader, maxi_batch * opt.mini_batch, [&](const std::vector<std::string>& lines) {
    for (const auto& o : translator.translate(lines, next_id)) out.stream() << o << '\n';
    next_id += lines.size();
    out.stream().flush();
  });
  in.check_read();
  out.commit();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);  // own buffers: in_avail() sees pipe data
  std::cin.tie(nullptr);
  return run_tool("tolmach-translate", [&]() -> int { return translate(argc, argv); });
}
