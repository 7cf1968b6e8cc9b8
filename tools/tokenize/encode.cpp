// tolmach-tokenize encode: text -> pieces or ids (spm_encode's flags), or ICU words (--words).
#include <optional>

#include "base/error.h"
#include "common/options.h"
#include "parse_options.h"
#include "text/tokenize_lines.h"
#include "tokenize/commands.h"

namespace po = boost::program_options;

namespace tolmach::tokenize_tool {
namespace {

int encode_words(const po::variables_map& vm, StreamFlags& streams) {
  if (vm["output-format"].as<std::string>() != "piece" || vm.count("nbest") || vm.count("alpha"))
    throw UsageError("--words prints words: no --output-format id, --nbest or --alpha");
  const NormalizeOptions norm = apply_normalize_flags({}, vm);
  const TextNormalizer normalizer(norm);
  const WordSegmenter segmenter(norm.locale);  // a bad locale fails here, before any output
  run_filter(streams, [&] { return words_line_function(normalizer, segmenter); });
  return 0;
}

}  // namespace

int encode(int argc, char** argv) {
  StreamFlags streams;
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
  desc.add(normalize_options()).add(stream_options(streams));
  const auto vm = parse_options(po::command_line_parser(argc, argv), desc);

  const bool words = vm["words"].as<bool>();
  if (words == (vm.count("model") > 0)) throw UsageError("encode needs exactly one of --model and --words");
  const std::string format = vm["output-format"].as<std::string>();
  if (format != "piece" && format != "id") throw UsageError("--output-format must be piece or id");
  if (words) return encode_words(vm, streams);

  const std::string model = vm["model"].as<std::string>();
  const std::optional<NormalizeOptions> sidecar = read_normalize_sidecar(model);
  const Tokenizer tok = Tokenizer::load(model, apply_normalize_flags(sidecar.value_or(NormalizeOptions{}), vm),
                                        vm["extra-options"].as<std::string>());
  if (vm.count("seed")) set_random_seed(vm["seed"].as<unsigned>());
  EncodeFormat f;
  f.ids = format == "id";
  f.sample = vm.count("alpha") > 0;
  if (f.sample) {
    f.alpha = vm["alpha"].as<float>();
    if (vm.count("nbest")) f.sample_nbest = vm["nbest"].as<int>();
  } else if (vm.count("nbest")) {
    f.nbest = vm["nbest"].as<int>();
    if (f.nbest < 1) throw UsageError("--nbest must be at least 1");
  }
  check_encode_format(tok, f);
  run_filter(streams, [&] { return encode_line_function(tok, f); });
  return 0;
}

}  // namespace tolmach::tokenize_tool
