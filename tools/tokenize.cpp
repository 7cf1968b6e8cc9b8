// tolmach-tokenize: train, apply and undo SentencePiece subword models, with ICU
// normalisation in front. Flags follow spm_train / spm_encode / spm_decode (dashes for
// underscores). Thin: options in, lib/text does the work.
#include <boost/program_options.hpp>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "io/atomic_file.h"
#include "io/error.h"
#include "io/tool_main.h"
#include "parse_options.h"
#include "text/line_filter.h"
#include "text/subword_trainer.h"
#include "text/tokenizer.h"
#include "text/word_segmenter.h"

namespace po = boost::program_options;
using namespace tolmach;

namespace {

const char* kUsage =
    "usage: tolmach-tokenize train  --input FILE[,FILE] --model-prefix P [options]\n"
    "       tolmach-tokenize encode --model P.model [options] < text > pieces\n"
    "       tolmach-tokenize encode --words [options]          < text > words\n"
    "       tolmach-tokenize decode --model P.model [options] < pieces > text\n"
    "Run 'tolmach-tokenize COMMAND --help' for the options of a command.";

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(s);
  while (std::getline(in, item, sep))
    if (!item.empty()) out.push_back(item);
  return out;
}

template <typename T>
void join_into(const std::vector<T>& items, std::string& out) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ' ';
    if constexpr (std::is_same_v<T, std::string>) out += items[i];
    else out += std::to_string(items[i]);
  }
}

po::options_description normalize_options() {
  po::options_description d("ICU normalisation (before SentencePiece's own rule)");
  d.add_options()
      ("normalize", po::value<std::string>(), "nfkc | nfc | none (default: what train recorded, else none)")
      ("lowercase", po::value<bool>()->implicit_value(true), "lower-case after normalising (--lowercase=false to turn off)")
      ("locale", po::value<std::string>(), "ICU locale for case mapping and word breaks (default root)");
  return d;
}

// Flags given on the command line override the settings recorded at training time.
NormalizeOptions apply_normalize_flags(NormalizeOptions base, const po::variables_map& vm) {
  if (vm.count("normalize")) base.form = parse_norm_form(vm["normalize"].as<std::string>());
  if (vm.count("lowercase")) base.lowercase = vm["lowercase"].as<bool>();
  if (vm.count("locale")) base.locale = vm["locale"].as<std::string>();
  return base;
}

po::options_description stream_options() {
  po::options_description d("Streaming");
  d.add_options()
      ("input", po::value<std::string>()->default_value("-"), "input file (- = stdin)")
      ("output", po::value<std::string>()->default_value("-"), "output file (- = stdout), written atomically")
      ("threads", po::value<int>()->default_value(1), "worker threads; output order is kept")
      ("batch-lines", po::value<size_t>()->default_value(256), "most lines a worker takes at once")
      ("replace-invalid", po::bool_switch(), "replace invalid UTF-8 by U+FFFD instead of failing")
      (kOnBadLineFlag, po::value<std::string>()->default_value("error"), kOnBadLineHelp);
  return d;
}

// Runs `make_function` over the chosen input/output as a line filter.
void run_filter(const po::variables_map& vm, const std::function<LineFunction()>& make_function) {
  LineFilterOptions options;
  options.threads = vm["threads"].as<int>();
  options.batch_lines = std::max<size_t>(1, vm["batch-lines"].as<size_t>());
  options.replace_invalid = vm["replace-invalid"].as<bool>();
  options.on_bad_line = parse_bad_line_policy(vm[kOnBadLineFlag].as<std::string>());
  if (options.threads < 1) throw UsageError("--threads must be at least 1");

  const std::string in_path = vm["input"].as<std::string>();
  const std::string out_path = vm["output"].as<std::string>();
  std::ifstream file_in;
  if (in_path != "-") {
    file_in.open(in_path, std::ios::binary);
    if (!file_in) throw InputError(in_path, 0, "cannot open input");
  }
  std::istream& in = in_path == "-" ? std::cin : file_in;
  LineReader reader(in, in_path == "-" ? "<stdin>" : in_path, options.on_bad_line);

  if (out_path == "-") {
    filter_lines(reader, std::cout, make_function, options);
    if (!std::cout) throw std::runtime_error("error writing stdout");
  } else {
    AtomicFile out(out_path);
    filter_lines(reader, out.stream(), make_function, options);
    out.commit();
  }
  if (in.bad()) throw InputError(reader.name(), 0, "read error");
}

int train(int argc, char** argv) {
  po::options_description desc("tolmach-tokenize train");
  desc.add_options()
      ("help", "this help")
      ("input", po::value<std::string>()->required(), "training text, FILE[,FILE...] (a joint source+target model: both sides)")
      ("model-prefix", po::value<std::string>()->required(), "writes PREFIX.model, PREFIX.vocab")
      ("vocab-size", po::value<int>()->default_value(8000), "vocabulary size")
      ("model-type", po::value<std::string>()->default_value("unigram"), "bpe | unigram | char | word")
      ("character-coverage", po::value<double>()->default_value(0.9995), "share of characters the model covers")
      ("input-sentence-size", po::value<uint64_t>()->default_value(0), "train on at most this many lines (0 = all)")
      ("shuffle-input-sentence", po::value<bool>()->default_value(true), "sample those lines at random (else take the first)")
      ("user-defined-symbols", po::value<std::string>()->default_value(""), "comma-separated pieces kept whole")
      ("byte-fallback", po::bool_switch(), "spell unknown characters as UTF-8 bytes")
      ("split-digits", po::bool_switch(), "every digit its own piece")
      ("seed", po::value<int64_t>()->default_value(-1), "random seed (sampling); -1 = random")
      ("threads", po::value<int>()->default_value(1), "training threads")
      ("normalization-rule-name", po::value<std::string>()->default_value("nmt_nfkc"),
       "SentencePiece's rule inside the model (nmt_nfkc, nfkc, identity, ...), applied after ICU")
      ("pad-id", po::value<int>()->default_value(0), "padding id (-1: none)")
      ("unk-id", po::value<int>()->default_value(1), "unknown id")
      ("bos-id", po::value<int>()->default_value(2), "begin-of-sentence id (-1: none)")
      ("eos-id", po::value<int>()->default_value(3), "end-of-sentence id (-1: none)")
      ("replace-invalid", po::bool_switch(), "replace invalid UTF-8 by U+FFFD instead of failing")
      ("quiet", po::bool_switch(), "no SentencePiece progress log");
  desc.add(normalize_options());
  const auto vm = parse_options(po::command_line_parser(argc, argv), desc);

  SubwordTrainOptions o;
  o.inputs = split(vm["input"].as<std::string>(), ',');
  o.model_prefix = vm["model-prefix"].as<std::string>();
  o.vocab_size = vm["vocab-size"].as<int>();
  o.model_type = vm["model-type"].as<std::string>();
  o.character_coverage = vm["character-coverage"].as<double>();
  o.input_sentence_size = vm["input-sentence-size"].as<uint64_t>();
  o.shuffle_input_sentence = vm["shuffle-input-sentence"].as<bool>();
  o.user_defined_symbols = split(vm["user-defined-symbols"].as<std::string>(), ',');
  o.byte_fallback = vm["byte-fallback"].as<bool>();
  o.split_digits = vm["split-digits"].as<bool>();
  o.seed = vm["seed"].as<int64_t>();
  o.threads = vm["threads"].as<int>();
  o.normalization_rule_name = vm["normalization-rule-name"].as<std::string>();
  o.pad_id = vm["pad-id"].as<int>();
  o.unk_id = vm["unk-id"].as<int>();
  o.bos_id = vm["bos-id"].as<int>();
  o.eos_id = vm["eos-id"].as<int>();
  o.replace_invalid = vm["replace-invalid"].as<bool>();
  o.quiet = vm["quiet"].as<bool>();
  o.normalize = apply_normalize_flags({}, vm);
  if (o.model_type != "bpe" && o.model_type != "unigram" && o.model_type != "char" && o.model_type != "word")
    throw UsageError("--model-type must be bpe, unigram, char or word");
  if (o.threads < 1) throw UsageError("--threads must be at least 1");
  train_subword_model(o);
  return 0;
}

int encode(int argc, char** argv) {
  po::options_description desc("tolmach-tokenize encode");
  desc.add_options()
      ("help", "this help")
      ("model", po::value<std::string>(), "SentencePiece model (P.model)")
      ("words", po::bool_switch(), "ICU word tokens instead of subwords (no model)")
      ("output-format", po::value<std::string>()->default_value("piece"), "piece | id")
      ("nbest", po::value<int>(), "alone: the N best segmentations, one per output line (unigram); "
                                  "with --alpha: sample from the N best (-1 = all)")
      ("alpha", po::value<float>(), "subword sampling: unigram smoothing, or BPE-dropout probability")
      ("seed", po::value<unsigned>(), "sampling seed (reproducible with --threads 1)")
      ("extra-options", po::value<std::string>()->default_value(""), "SentencePiece encode options: bos:eos:reverse");
  desc.add(normalize_options()).add(stream_options());
  const auto vm = parse_options(po::command_line_parser(argc, argv), desc);

  const bool words = vm["words"].as<bool>();
  if (words == (vm.count("model") > 0)) throw UsageError("encode needs exactly one of --model and --words");
  const std::string format = vm["output-format"].as<std::string>();
  if (format != "piece" && format != "id") throw UsageError("--output-format must be piece or id");

  if (words) {
    if (format != "piece" || vm.count("nbest") || vm.count("alpha"))
      throw UsageError("--words prints words: no --output-format id, --nbest or --alpha");
    const NormalizeOptions norm = apply_normalize_flags({}, vm);
    const TextNormalizer normalizer(norm);
    const WordSegmenter segmenter(norm.locale);
    run_filter(vm, [&]() -> LineFunction {
      auto seg = std::make_shared<WordSegmenter>(segmenter);  // one iterator per thread
      return [&normalizer, seg](const std::string& line, std::string& out) {
        join_into(seg->split(normalizer(line)), out);
      };
    });
    return 0;
  }

  const std::string model = vm["model"].as<std::string>();
  std::optional<NormalizeOptions> sidecar = read_normalize_sidecar(model);
  const Tokenizer tok = Tokenizer::load(model, apply_normalize_flags(sidecar.value_or(NormalizeOptions{}), vm),
                                        vm["extra-options"].as<std::string>());
  if (vm.count("seed")) set_random_seed(vm["seed"].as<unsigned>());
  const bool ids = format == "id";
  const bool sample = vm.count("alpha") > 0;
  const int nbest = vm.count("nbest") ? vm["nbest"].as<int>() : (sample ? -1 : 0);
  if (!sample && vm.count("nbest") && nbest < 1) throw UsageError("--nbest must be at least 1");
  const float alpha = sample ? vm["alpha"].as<float>() : 0.f;
  if (sample && !tok.supports_sampling()) throw UsageError("--alpha: this model type has no subword sampling");
  if (!sample && nbest > 0 && !tok.supports_nbest())
    throw UsageError("--nbest: n-best lists need a unigram model");

  run_filter(vm, [&]() -> LineFunction {
    return [&, ids, sample, nbest, alpha](const std::string& line, std::string& out) {
      if (sample) {
        ids ? join_into(tok.sample_ids(line, nbest, alpha), out)
            : join_into(tok.sample_pieces(line, nbest, alpha), out);
      } else if (nbest > 0) {
        // spm_encode's nbest format: one candidate per line.
        auto add = [&](const auto& candidates) {
          for (size_t i = 0; i < candidates.size(); ++i) {
            if (i) out += '\n';
            join_into(candidates[i], out);
          }
        };
        ids ? add(tok.nbest_ids(line, nbest)) : add(tok.nbest_pieces(line, nbest));
      } else {
        ids ? join_into(tok.encode_ids(line), out) : join_into(tok.encode_pieces(line), out);
      }
    };
  });
  return 0;
}

int decode(int argc, char** argv) {
  po::options_description desc("tolmach-tokenize decode");
  desc.add_options()
      ("help", "this help")
      ("model", po::value<std::string>()->required(), "SentencePiece model (P.model)")
      ("input-format", po::value<std::string>()->default_value("piece"), "piece | id");
  desc.add(normalize_options()).add(stream_options());
  const auto vm = parse_options(po::command_line_parser(argc, argv), desc);

  const std::string format = vm["input-format"].as<std::string>();
  if (format != "piece" && format != "id") throw UsageError("--input-format must be piece or id");
  const std::string model = vm["model"].as<std::string>();
  std::optional<NormalizeOptions> sidecar = read_normalize_sidecar(model);
  const Tokenizer tok = Tokenizer::load(model, apply_normalize_flags(sidecar.value_or(NormalizeOptions{}), vm));
  const bool ids = format == "id";

  run_filter(vm, [&]() -> LineFunction {
    return [&tok, ids](const std::string& line, std::string& out) {
      std::istringstream tokens(line);
      std::string token;
      if (ids) {
        std::vector<int> seq;
        while (tokens >> token) {
          size_t used = 0;
          int id = -1;
          try {
            id = std::stoi(token, &used);
          } catch (const std::exception&) {
            used = 0;
          }
          if (used != token.size()) throw std::invalid_argument("not an id: '" + token + "'");
          seq.push_back(id);
        }
        out += tok.decode_ids(seq);
      } else {
        std::vector<std::string> pieces;
        while (tokens >> token) pieces.push_back(token);
        out += tok.decode_pieces(pieces);
      }
    };
  });
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);  // own buffers: fast, and in_avail() sees pipe data
  std::cin.tie(nullptr);             // we flush when input pauses, not before every read
  return run_tool("tolmach-tokenize", [&]() -> int {
    if (argc < 2) throw UsageError("missing command: train, encode or decode (see --help)");
    const std::string command = argv[1];
    if (command == "--help" || command == "-h" || command == "help") {
      std::cout << kUsage << "\n";
      return 0;
    }
    // Boost sees the command's own arguments (argv[1] stands in as the program name).
    if (command == "train") return train(argc - 1, argv + 1);
    if (command == "encode") return encode(argc - 1, argv + 1);
    if (command == "decode") return decode(argc - 1, argv + 1);
    throw UsageError("unknown command '" + command + "': train, encode or decode (see --help)");
  });
}
