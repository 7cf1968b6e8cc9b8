// tolmach-tokenize decode: pieces or ids -> text (spm_decode).
#include <optional>

#include "base/error.h"
#include "parse_options.h"
#include "text/tokenize_lines.h"
#include "tokenize/commands.h"

namespace po = boost::program_options;

namespace tolmach::tokenize_tool {

int decode(int argc, char** argv) {
  StreamFlags streams;
  po::options_description desc("tolmach-tokenize decode");
  desc.add_options()
      ("help", "this help")
      ("model", po::value<std::string>()->required(), "SentencePiece model (P.model)")
      ("input-format", po::value<std::string>()->default_value("piece"), "piece | id");
  desc.add(normalize_options()).add(stream_options(streams));
  const auto vm = parse_options(po::command_line_parser(argc, argv), desc);

  const std::string format = vm["input-format"].as<std::string>();
  if (format != "piece" && format != "id") throw UsageError("--input-format must be piece or id");
  const std::string model = vm["model"].as<std::string>();
  const std::optional<NormalizeOptions> sidecar = read_normalize_sidecar(model);
  const Tokenizer tok = Tokenizer::load(model, apply_normalize_flags(sidecar.value_or(NormalizeOptions{}), vm));
  run_filter(streams, [&] { return decode_line_function(tok, format == "id"); });
  return 0;
}

}  // namespace tolmach::tokenize_tool
