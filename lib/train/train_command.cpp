#include "align/guided_alignment.h"
#include "train/train_command.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>

#include "io/checkpoint.h"
#include "io/tool_streams.h"
#include "base/error.h"
#include "ops/matmul.h"
#include "tensor/cpu_support.h"
#include "tensor/threads.h"
#include "text/subword_trainer.h"
#include "text/tokenizer.h"
#include "text/utf8.h"
#include "train/distributed.h"
#include "train/param_io.h"
#include "train/stop_signal.h"

namespace fs = std::filesystem;

namespace tolmach {
namespace {

// Opened as every tool opens its input: "cannot open: <the OS's reason>".
void require_file(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw InputError(path, 0, "is a directory, not a file");
  ToolInput in(path);
  if (!fs::is_regular_file(path)) throw InputError(path, 0, "not a regular file");
}

// Lines of a text file, checking that each is valid UTF-8 (InputError naming the line).
size_t count_valid_lines(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path, 0, std::string("cannot open: ") + std::strerror(errno));
  LineReader reader(in, path);
  std::string line;
  while (reader.next(line)) {
  }
  return reader.line_number();
}

// Both files must exist, be UTF-8 and have as many lines: checked before anything is
// created, so a broken corpus leaves no model directory behind.
void check_parallel(const std::vector<std::string>& pair, const char* option) {
  if (pair.size() != 2) throw UsageError(std::string(option) + " needs two files: SRC TGT");
  require_file(pair[0]);
  require_file(pair[1]);
  const size_t a = count_lines(pair[0]), b = count_lines(pair[1]);
  count_valid_lines(pair[0]);
  count_valid_lines(pair[1]);
  if (a != b)
    throw InputError(pair[0], 0, "has " + std::to_string(a) + " lines but " + pair[1] + " has " +
                                     std::to_string(b) + " lines; a parallel corpus needs equal counts");
  if (a == 0) throw InputError(pair[0], 0, "empty: no sentence pairs");
}

// Train a SentencePiece model at `path` from `inputs` (the path need not end in .model).
void create_vocab(const std::string& path, const std::vector<std::string>& inputs, int size,
                  uint64_t seed, int threads, Progress& progress) {
  progress.log("Creating vocabulary " + path + " (" + std::to_string(size) + " pieces) from " +
               inputs[0] + (inputs.size() > 1 ? " and " + inputs[1] : ""));
  const std::string ext = ".model";
  const bool has_ext = path.size() > ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0;
  SubwordTrainOptions o;
  o.inputs = inputs;
  o.model_prefix = has_ext ? path.substr(0, path.size() - ext.size()) : path;
  o.vocab_size = size;
  o.seed = static_cast<int64_t>(seed);
  o.threads = threads;
  o.quiet = true;
  o.input_sentence_size = 2000000;
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) fs::create_directories(parent);
  train_subword_model(o);
  if (!has_ext) fs::rename(path + ".model", path);
}

std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path, 0, std::string("cannot open: ") + std::strerror(errno));
  LineReader reader(in, path);
  std::vector<std::string> lines;
  std::string line;
  while (reader.next(line)) lines.push_back(line);
  return lines;
}

// The model the flags describe. create_model's std::invalid_argument means a bad config: here
// it came from flags (bad usage); load_model reports the same as a bad config.json.
std::unique_ptr<Seq2SeqModel> model_from_flags(const nlohmann::json& config, uint64_t seed) {
  try {
    return create_model(config, seed);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
}

// Reject bad model options before any work: build the model once with a stand-in
// vocabulary (the real sizes are known only after the vocabularies exist).
void check_model_options(nlohmann::json config) {
  config["src-vocab-size"] = config["tgt-vocab-size"] = 8;
  config["pad-id"] = 0;
  config["bos-id"] = 1;
  config["eos-id"] = 2;
  model_from_flags(config, 0);
}

// "Data parallel: 2 ranks (Open MPI v4.1.4) x 1 thread; effective batch 2 x ..." for the log.
std::string describe_parallelism(const Communicator& comm, int threads, const TrainerOptions& opt) {
  const int n = comm.size();
  const std::string per_rank = opt.batch.mini_batch_words
                                   ? std::to_string(opt.batch.mini_batch_words) + " target tokens"
                                   : std::to_string(opt.batch.mini_batch) + " sentences";
  const std::string t = std::to_string(threads) + (threads == 1 ? " thread" : " threads");
  if (n == 1) return "Single process, " + t + "; batch up to " + per_rank + " per update";
  std::string s = "Data parallel: " + std::to_string(n) + " ranks (" + comm.describe() + ") x " + t +
                  " per rank; effective batch " + std::to_string(n) + " x " + per_rank + " per update";
  if (opt.allreduce_precision == AllreducePrecision::bfloat16) s += "; gradients all-reduced in bfloat16";
  return s;
}

}  // namespace

int run_train_command(TrainCommand cmd) {
  // First: under mpirun every rank must join before any of them can fail alone.
  const std::unique_ptr<Communicator> comm = make_communicator();
  const bool root = comm->is_root();
  TrainerOptions& opt = cmd.trainer;
  opt.comm = comm.get();
  const std::string& dir = opt.model_dir;
  if (dir.empty()) throw UsageError("-m/--model DIR is required");
  check_parallel(cmd.train_sets, "--train-sets");
  if (!cmd.valid_sets.empty()) check_parallel(cmd.valid_sets, "--valid-sets");
  std::vector<Links> guided_alignment;
  if (!cmd.guided_alignment.empty())
    guided_alignment = read_word_alignments(cmd.guided_alignment, cmd.train_sets[0], cmd.train_sets[1]);
  for (const auto& m : cmd.valid_metrics) check_metric_name(m);
  check_model_options(cmd.model);
  if (!cmd.vocabs.empty() && cmd.vocabs.size() != 2)
    throw UsageError("--vocabs needs two files: SRC TGT (the same file twice for a joint vocabulary)");
  for (const std::string& v : cmd.vocabs)  // before anything is created
    if (fs::exists(v)) model_ids(Tokenizer::load(v), v);
  set_num_threads(cmd.threads);
  // Mixed precision only where it is faster: without bf16 kernels it would be emulated, slower.
  const bool bf16 = cmd.bf16_linear && cpu_has_bf16_gemm();
  ops::set_linear_compute_dtype(bf16 ? DType::bf16 : DType::f32);
  install_stop_signal_handlers();

  // Rank 0 alone writes into DIR (vocabularies, checkpoints, logs); the other ranks read it,
  // so DIR must be on a file system they all see.
  if (root) fs::create_directories(dir);
  Progress progress = root ? Progress(isatty(STDERR_FILENO), cmd.log_file) : Progress::silent();
  // Rank 0 picks the checkpoint (a listing could differ on a network file system).
  int64_t resume_step = -1;
  if (root)
    if (const std::optional<std::string> latest = latest_checkpoint(dir + "/checkpoints"))
      resume_step = std::stoll(latest->substr(latest->rfind("step-") + 5));
  comm->broadcast(&resume_step, sizeof resume_step, 0);
  std::optional<std::string> resume;
  if (resume_step >= 0) resume = checkpoint_dir(dir + "/checkpoints", resume_step);
  std::optional<Checkpoint> checkpoint;
  if (resume) checkpoint = load_checkpoint(*resume);

  // Vocabularies: in DIR when resuming or when none were given; created when missing.
  nlohmann::json config;
  std::vector<std::string> vocab_names;
  if (resume) {
    config = checkpoint->config;
    vocab_names = config.at("vocabs").get<std::vector<std::string>>();
  } else if (root) {
    std::vector<std::string> vocabs = cmd.vocabs;
    if (vocabs.empty()) vocabs = {dir + "/vocab.model", dir + "/vocab.model"};
    const bool joint = vocabs[0] == vocabs[1];
    if (joint) {
      if (!fs::exists(vocabs[0]))
        create_vocab(vocabs[0], cmd.train_sets, cmd.dim_vocabs, opt.seed, num_threads(), progress);
    } else {
      for (int k = 0; k < 2; ++k)
        if (!fs::exists(vocabs[k]))
          create_vocab(vocabs[k], {cmd.train_sets[k]}, cmd.dim_vocabs, opt.seed, num_threads(), progress);
    }
    vocab_names = vocab_file_names(joint);
    for (int k = 0; k < 2; ++k) copy_vocabulary(vocabs[k], dir + "/" + vocab_names[k]);
  }
  comm->barrier();  // the vocabularies are in DIR
  if (!resume && !root) {
    vocab_names = vocab_file_names(cmd.vocabs.empty() || cmd.vocabs[0] == cmd.vocabs[1]);
  }
  const Tokenizer src = Tokenizer::load(dir + "/" + vocab_names[0]);
  const Tokenizer trg = Tokenizer::load(dir + "/" + vocab_names[1]);
  const ModelIds src_ids = model_ids(src, dir + "/" + vocab_names[0]);
  const ModelIds trg_ids = model_ids(trg, dir + "/" + vocab_names[1]);
  try {
    opt.shape = batch_shape(src_ids, trg_ids);
  } catch (const std::invalid_argument& e) {
    throw InputError(dir + "/" + vocab_names[1], 0, e.what());
  }
  opt.shape.source_eos = true;

  if (!resume) {
    config = cmd.model;
    config.update(vocab_config(src_ids, trg_ids));
  }
  config["vocabs"] = vocab_names;

  // Data.
  CorpusOptions co;
  co.max_length = cmd.max_length;
  CorpusStats stats;
  auto enc_src = [&](const std::string& s) { return src.encode_ids(s); };
  auto enc_trg = [&](const std::string& s) { return trg.encode_ids(s); };
  ParallelCorpus corpus = read_parallel_corpus(cmd.train_sets[0], cmd.train_sets[1], enc_src, enc_trg, co, &stats);
  if (!cmd.guided_alignment.empty())
    corpus.set_alignments(subword_alignments(guided_alignment, corpus, src.vocab(), trg.vocab()));
  progress.log("Training data: " + std::to_string(stats.lines) + " pairs, " + std::to_string(stats.kept) +
               " kept, " + std::to_string(stats.skipped_empty) + " skipped as empty, " +
               std::to_string(stats.skipped_long) + " skipped as longer than " + std::to_string(cmd.max_length) +
               " tokens");
  std::unique_ptr<Validator> validator;
  if (!cmd.valid_sets.empty()) {
    ValidationSet vs;
    CorpusOptions vco;  // keep every pair: validation scores the whole set
    vs.corpus = read_parallel_corpus(cmd.valid_sets[0], cmd.valid_sets[1], enc_src, enc_trg, vco);
    vs.source_lines = read_lines(cmd.valid_sets[0]);
    vs.reference_lines = read_lines(cmd.valid_sets[1]);
    TranslatorOptions to;
    to.search.beam_size = cmd.valid_beam_size;
    to.search.normalize = cmd.valid_normalize;
    to.mini_batch = cmd.valid_mini_batch;
    validator = std::make_unique<Validator>(std::move(vs), cmd.valid_metrics, src, trg, opt.shape, to,
                                            opt.batch.mini_batch_words);
  }

  // Model: fresh, or the latest checkpoint.
  std::unique_ptr<Seq2SeqModel> model = model_from_flags(config, opt.seed);
  nlohmann::json full = model->config();
  for (auto it = config.begin(); it != config.end(); ++it)
    if (!full.contains(it.key())) full[it.key()] = it.value();
  opt.config = full;
  Trainer trainer(*model, corpus, opt, progress, validator.get());
  if (resume) {
    load_params(model->parameters(), checkpoint->model);
    trainer.restore(checkpoint->optimizer,
                    TrainerState::from_json(checkpoint->trainer_state, *resume + "/" + kTrainerStateFileName));
    progress.log("Resuming from " + *resume + " (update " + std::to_string(trainer.state().update) + ")");
  }
  size_t n_params = 0;
  for (const auto& p : model->parameters()) n_params += p.second.value().numel();
  progress.log("Model " + config.value("type", std::string("?")) + " with " + std::to_string(n_params) +
               " parameters; " + std::to_string(corpus.size()) + " training pairs");
  progress.log(describe_parallelism(*comm, num_threads(), opt));  // --threads 0 resolved
  if (cmd.bf16_linear && !bf16) progress.log("Precision " + precision_on_this_cpu("bfloat16"));
  trainer.train();
  progress.finish();
  return 0;
}

}  // namespace tolmach
