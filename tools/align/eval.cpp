// tolmach-align eval: precision, recall and AER of a Pharaoh alignment against a gold file of
// sure (i-j) and possible (ipj) links.
#include <boost/program_options.hpp>

#include <iostream>
#include <string>

#include "align/aer.h"
#include "align/commands.h"
#include "base/error.h"
#include "io/tool_streams.h"
#include "text/utf8.h"
#include "parse_options.h"

namespace po = boost::program_options;

namespace tolmach::align_tool {

int eval(int argc, char** argv) {
  std::string gold_path, hyp_path = "-", format = "text";
  EvalOptions options;
  po::options_description desc(
      "usage: tolmach-align eval --gold GOLD [--one-based] [--hyp HYP] [--reverse-hyp] [-f text|json]\n"
      "Prints AER, precision and recall (%) over the corpus (Och & Ney 2003).\n\nOptions");
  desc.add_options()
      ("help,h", "this help")
      ("gold,g", po::value(&gold_path)->required(), "gold links: i-j sure, ipj possible, a line per sentence")
      ("one-based", po::bool_switch(&options.one_based_gold), "gold counts words from 1 (.talp files)")
      ("hyp,i", po::value(&hyp_path), "alignment to score, Pharaoh 0-based (default - = stdin)")
      ("reverse-hyp", po::bool_switch(&options.reverse_hyp), "the hypothesis is written target-source: swap it")
      ("format,f", po::value(&format), "text | json (default text)");
  parse_options(po::command_line_parser(argc, argv), desc);
  if (format != "text" && format != "json") throw UsageError("--format must be text or json");
  if (gold_path == "-" && hyp_path == "-") throw UsageError("--gold and --hyp cannot both be stdin");

  ToolInput gold(gold_path), hyp(hyp_path);
  LineReader gold_lines(gold.stream(), gold.name()), hyp_lines(hyp.stream(), hyp.name());
  const AerCounts counts = evaluate_lines(gold_lines, hyp_lines, options);
  std::cout << format_aer(counts, format == "json");
  return 0;
}

}  // namespace tolmach::align_tool
