// tolmach-translate: translate text with a model directory, stdin -> stdout. Flags follow
// marian-decoder. Input is read in windows of --maxi-batch x --mini-batch lines, sorted by
// length into batches, and written back in input order; when input pauses (interactive
// use) what has been read is translated and flushed before the next read blocks.
#include <boost/program_options.hpp>

#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/tool_main.h"
#include "common/options.h"
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

struct TranslateFlags {
  ModelLoadOptions load;
  std::string input = "-", output = "-", alignment, on_bad_line = "error";
  TranslatorOptions opt;
  size_t maxi_batch = 100;
  int threads = 1;
  bool quiet = false;
};

po::options_description translate_options(TranslateFlags& f) {
  po::options_description d("usage: tolmach-translate -m DIR [DIR ...] [options] < source > translations\n\nOptions");
  d.add_options()
      ("help,h", "this help")
      ("models,m", po::value(&f.load.dirs)->required()->multitoken(),
       "model directory (tolmach-train -m); several: an ensemble sharing the first one's vocabularies")
      ("weights", po::value(&f.load.weights)->multitoken(), "ensemble: one weight per model (default 1 each)")
      ("input,i", po::value(&f.input), "input file (default stdin)")
      ("output,o", po::value(&f.output), "output file (default stdout; written atomically)")
      ("beam-size,b", tool::defaulted(f.opt.search.beam_size), "beam size (1: greedy)")
      ("normalize,n", tool::defaulted(f.opt.search.normalize)->implicit_value(1.f, "1"),
       "length normalisation: rank by score / length^ALPHA")
      ("max-length-factor", tool::defaulted(f.opt.search.max_length_factor),
       "at most FACTOR x source length output tokens")
      ("max-length", tool::defaulted(f.opt.search.max_length),
       "at most N output tokens; a source of more pieces gets an empty line (and a warning)")
      ("n-best", po::bool_switch(&f.opt.n_best), "print the beam's hypotheses: id ||| text ||| F0= score ||| normalised")
      ("mini-batch", tool::defaulted(f.opt.mini_batch), "sentences per batch")
      ("mini-batch-words", tool::defaulted(f.opt.mini_batch_words), "source tokens per batch (0: by sentences)")
      ("maxi-batch", tool::defaulted(f.maxi_batch), "sort windows of N mini-batches by length")
      ("threads", tool::threads_value(f.threads),
       "CPU threads (0: all cores); several mini-batches are searched side by side, one per thread")
      ("precision", tool::precision_value(f.load.precision),
       "float32, bfloat16 or int8 arithmetic (default: the model's \"precision\", else float32)")
      ("alignment", po::value(&f.alignment)->implicit_value("hard"),
       "append ' ||| ' word alignment: hard, soft or a threshold in (0, 1]")
      ("alignment-layer", po::value<int>(), "transformer: decoder layer (1-based) whose attention aligns (default: last)")
      ("alignment-heads", po::value<std::vector<int>>()->multitoken(),
       "transformer: the heads (0-based) averaged for alignment (default: all)")
      (kOnBadLineFlag, tool::defaulted(f.on_bad_line), kOnBadLineHelp)
      ("quiet", po::bool_switch(&f.quiet), "no log on stderr");
  return d;
}

int translate(int argc, char** argv) {
  TranslateFlags f;
  TranslatorOptions& opt = f.opt;
  const po::variables_map vm = parse_options(po::command_line_parser(argc, argv), translate_options(f));
  if (opt.search.beam_size < 1) throw UsageError("--beam-size must be at least 1");
  if (opt.mini_batch < 1 || f.maxi_batch < 1) throw UsageError("--mini-batch and --maxi-batch must be at least 1");
  if (!f.alignment.empty()) parse_alignment_option(f.alignment, opt);
  const BadLinePolicy bad_line_policy = parse_bad_line_policy(f.on_bad_line);
  if (!f.quiet) opt.input_name = f.input == "-" ? "<stdin>" : f.input;  // names too-long lines in warnings
  set_num_threads(f.threads);

  // Models and vocabularies first: a bad model directory fails before any output.
  if (vm.count("alignment-layer")) f.load.overrides["alignment-layer"] = vm["alignment-layer"].as<int>();
  if (vm.count("alignment-heads")) f.load.overrides["alignment-heads"] = vm["alignment-heads"].as<std::vector<int>>();
  const LoadedModels models = load_models(f.load);
  if (!f.quiet)
    for (const auto& line : models.loaded) std::cerr << "tolmach-translate: " << line << '\n';
  Translator translator(models.step_models(), *models.source, *models.target, models.shape, opt);

  ToolInput in(f.input);
  LineReader reader(in.stream(), in.name(), bad_line_policy);
  ToolOutput out(f.output);
  size_t next_id = 0;
  read_in_windows<std::string>(reader, f.maxi_batch * opt.mini_batch, [&](const std::vector<std::string>& lines) {
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
