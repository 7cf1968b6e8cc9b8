// tolmach-translate: translate text with a model directory, stdin -> stdout. Flags follow
// marian-decoder. Input is read in windows of --maxi-batch x --mini-batch lines, sorted by
// length into batches, and written back in input order; when input pauses (interactive
// use) what has been read is translated and flushed before the next read blocks.
#include <boost/program_options.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "io/atomic_file.h"
#include "io/error.h"
#include "io/model_dir.h"
#include "io/tool_main.h"
#include "parse_options.h"
#include "models/seq2seq.h"
#include "search/ensemble.h"
#include "search/translator.h"
#include "tensor/cpu_support.h"
#include "tensor/threads.h"
#include "text/tokenizer.h"
#include "text/utf8.h"

namespace po = boost::program_options;
using namespace tolmach;

namespace {

std::string file_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

// An ensemble member must share the first model's vocabularies: the same sizes and, where the
// member has vocabulary files of its own (a checkpoint directory has none), the same files.
void check_ensemble_member(const std::string& dir, const nlohmann::json& c, const std::string& first_dir,
                           const nlohmann::json& first) {
  const std::string config_file = dir + "/" + kConfigFileName;
  const std::string why = " differs from " + first_dir + "'s: an ensemble shares one vocabulary";
  for (const char* size : {"src-vocab-size", "tgt-vocab-size"})
    if (c.value(size, 0) != first.value(size, 0)) throw InputError(config_file, 0, std::string(size) + why);
  if (!c.contains("vocabs") || !c["vocabs"].is_array() || c["vocabs"].size() != 2) return;
  for (size_t side = 0; side < 2; ++side) {
    const std::string path = dir + "/" + c["vocabs"][side].get<std::string>();
    if (std::filesystem::exists(path) &&
        file_bytes(path) != file_bytes(first_dir + "/" + first["vocabs"][side].get<std::string>()))
      throw InputError(path, 0, "vocabulary" + why);
  }
}

int translate(int argc, char** argv) {
  std::vector<std::string> model_dirs;
  std::vector<float> weights;
  std::string input = "-", output = "-", alignment, precision;
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
      ("max-length", po::value(&opt.search.max_length)->default_value(1000), "at most N output tokens")
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
      ("quiet", po::bool_switch(&quiet), "no log on stderr");
  const po::variables_map vm = parse_options(po::command_line_parser(argc, argv), desc);
  if (opt.search.beam_size < 1) throw UsageError("--beam-size must be at least 1");
  if (opt.mini_batch < 1 || maxi_batch < 1) throw UsageError("--mini-batch and --maxi-batch must be at least 1");
  if (!alignment.empty()) parse_alignment_option(alignment, opt);
  if (weights.empty()) weights.assign(model_dirs.size(), 1.f);
  if (weights.size() != model_dirs.size()) throw UsageError("--weights needs one weight per model");
  for (float w : weights)
    if (!(w > 0.f)) throw UsageError("--weights must be positive");
  set_num_threads(threads);

  // Models and vocabularies first: a bad model directory fails before any output.
  const std::string& model_dir = model_dirs.front();
  const nlohmann::json config = read_model_config(model_dir + "/" + kConfigFileName);
  if (!config.contains("vocabs") || !config["vocabs"].is_array() || config["vocabs"].size() != 2)
    throw InputError(model_dir + "/" + kConfigFileName, 0, "no \"vocabs\": [source, target]");
  const Tokenizer src = Tokenizer::load(model_dir + "/" + config["vocabs"][0].get<std::string>());
  const Tokenizer trg = Tokenizer::load(model_dir + "/" + config["vocabs"][1].get<std::string>());
  nlohmann::json overrides = nlohmann::json::object();
  if (vm.count("alignment-layer")) overrides["alignment-layer"] = vm["alignment-layer"].as<int>();
  if (vm.count("alignment-heads")) overrides["alignment-heads"] = vm["alignment-heads"].as<std::vector<int>>();
  std::vector<std::unique_ptr<Seq2SeqModel>> models;
  std::string loaded;  // logged once every model has loaded
  for (size_t i = 0; i < model_dirs.size(); ++i) {
    const std::string& dir = model_dirs[i];
    const nlohmann::json c = i == 0 ? config : read_model_config(dir + "/" + kConfigFileName);
    if (i > 0) check_ensemble_member(dir, c, model_dir, config);
    const std::string p = precision.empty() ? c.value("precision", "float32") : precision;
    models.push_back(load_model(dir, overrides));
    models.back()->set_training(false);
    try {
      models.back()->set_precision(nn::parse_precision(p));
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("--precision: ") + e.what());
    }
    loaded += "tolmach-translate: loaded " + dir + " (" + c.value("type", "?") + ", " + precision_on_this_cpu(p) + ")\n";
  }
  if (!quiet) std::cerr << loaded;
  BatchShape shape;
  shape.pad = trg.vocab().pad_id();
  shape.bos = trg.vocab().bos_id();
  shape.eos = trg.vocab().eos_id();
  auto make_step_model = [&]() -> std::unique_ptr<StepModel> {
    if (models.size() == 1 && weights.front() == 1.f) return models.front()->step_model();
    std::vector<std::unique_ptr<StepModel>> members;
    for (const auto& m : models) members.push_back(m->step_model());
    return std::make_unique<EnsembleStepModel>(std::move(members), weights);
  };
  Translator translator(make_step_model, src, trg, shape, opt);

  std::ifstream in_file;
  if (input != "-") {
    in_file.open(input);
    if (!in_file) throw InputError(input, 0, "cannot open");
  }
  std::istream& in = input != "-" ? in_file : std::cin;
  LineReader reader(in, input == "-" ? "<stdin>" : input);
  std::unique_ptr<AtomicFile> out_file;
  if (output != "-") out_file = std::make_unique<AtomicFile>(output);
  std::ostream& out = out_file ? out_file->stream() : std::cout;

  const size_t window = maxi_batch * opt.mini_batch;
  std::vector<std::string> lines;
  size_t next_id = 0;
  auto flush_window = [&] {
    for (const auto& o : translator.translate(lines, next_id)) out << o << '\n';
    next_id += lines.size();
    lines.clear();
    out.flush();
  };
  std::string line;
  while (reader.next(line)) {
    lines.push_back(line);
    // A full window, or input that would block: translate what we have now.
    if (lines.size() >= window || !reader.has_buffered_input()) flush_window();
  }
  if (!lines.empty()) flush_window();
  if (out_file) out_file->commit();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);  // own buffers: in_avail() sees pipe data
  std::cin.tie(nullptr);
  return run_tool("tolmach-translate", [&]() -> int { return translate(argc, argv); });
}
