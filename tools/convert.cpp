// tolmach-convert: the step between training and shipping, as marian-conv. Averages the
// weights of checkpoints of one run and stores the model in float32, bfloat16 or int8, which
// also becomes its default precision in tolmach-translate. Imports Marian models too.
//
//   tolmach-convert -f M/checkpoints/step-* -t shipped --precision int8
//   tolmach-convert -f model.npz --vocabs vocab.spm -t imported     # a Marian transformer
//   tolmach-convert -f opus/model.npz --vocabs opus/opus.spm32k-spm32k.vocab.yml -t imported  # OPUS-MT
#include <boost/program_options.hpp>

#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/tool_main.h"
#include "common/options.h"
#include "parse_options.h"
#include "models/convert.h"
#include "models/marian/import_marian.h"

namespace po = boost::program_options;
using namespace tolmach;

namespace {

int convert(int argc, char** argv) {
  ConvertOptions opt;
  std::optional<nn::Precision> precision;
  std::vector<std::string> vocabs, spms;
  bool quiet = false;
  po::options_description desc(
      "usage: tolmach-convert -f DIR [DIR...] -t OUT [--precision P]\n"
      "       tolmach-convert -f MARIAN.npz --vocabs SRC.spm|SRC.yml [TRG.spm|TRG.yml] [--spm SRC.spm [TRG.spm]]\n"
      "                       -t OUT [--precision P]\n\nOptions");
  desc.add_options()
      ("help,h", "this help")
      ("from,f", po::value(&opt.inputs)->multitoken()->required(),
       "model or checkpoint directories; several are averaged (checkpoint averaging); or a Marian model.npz")
      ("to,t", po::value(&opt.output)->required(), "output model directory")
      ("precision", tool::precision_value(precision)->default_value("float32"),
       "weights stored as float32, bfloat16 or int8 (per-row scales); the model's default precision")
      ("vocabs", po::value(&vocabs)->multitoken(),
       "a Marian model's vocabularies, SentencePiece (.spm) or YAML (.yml): one joint, or source and target")
      ("spm", po::value(&spms)->multitoken(),
       "with YAML vocabularies: the SentencePiece models that segment the text, one joint or source and target "
       "(default: source.spm and target.spm beside the .yml, OPUS-MT's layout)")
      ("quiet", po::bool_switch(&quiet), "no log on stderr");
  const po::variables_map vm = parse_options(po::command_line_parser(argc, argv), desc);
  opt.precision = *precision;
  if (opt.inputs.size() == 1 && marian::is_npz(opt.inputs[0])) {
    marian::import_model({opt.inputs[0], vocabs, spms, opt.output, opt.precision});
    if (!quiet)
      std::cerr << "tolmach-convert: wrote " << opt.output << " (Marian " << opt.inputs[0] << ", "
                << nn::precision_name(opt.precision) << ")\n";
    return 0;
  }
  if (!vocabs.empty() || !spms.empty())
    throw UsageError("--vocabs and --spm are for a Marian model.npz; a tolmach model has its vocabularies");
  convert_model(opt);
  if (!quiet)
    std::cerr << "tolmach-convert: wrote " << opt.output << " (" << opt.inputs.size() << " model"
              << (opt.inputs.size() > 1 ? "s averaged" : "") << ", " << nn::precision_name(opt.precision) << ")\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return run_tool("tolmach-convert", [&]() -> int { return convert(argc, argv); });
}
