// tolmach-align combine: symmetrise a forward and a reverse alignment file line by line, or
// invert one, with atools' flags and output (fast_align's atools -c).
#include <boost/program_options.hpp>

#include <string>

#include "align/combine.h"
#include "align/commands.h"
#include "align/symmetrize.h"
#include "base/error.h"
#include "io/tool_streams.h"
#include "parse_options.h"

namespace po = boost::program_options;

namespace tolmach::align_tool {

int combine(int argc, char** argv) {
  std::string input1, input2, command, output = "-";
  po::options_description desc(
      "usage: tolmach-align combine -i FORWARD -j REVERSE -c HEURISTIC [-o OUT]\n"
      "       tolmach-align combine -i ALIGNMENT -c invert [-o OUT]\n"
      "Both files in Pharaoh source-target order (fast_align -r writes its reverse run so).\n\nOptions");
  desc.add_options()
      ("help,h", "this help")
      ("input-1,i", po::value(&input1)->required(), "forward alignment (- = stdin)")
      ("input-2,j", po::value(&input2), "reverse alignment, source-target (- = stdin)")
      ("command,c", po::value(&command)->required(), ("invert, or a heuristic: " + heuristic_names()).c_str())
      ("output,o", po::value(&output), "output file (default stdout; written atomically)");
  parse_options(po::command_line_parser(argc, argv), desc);

  if (command == "invert") {
    if (!input2.empty()) throw UsageError("-c invert takes one file (-i), not -j");
    ToolInput in(input1);
    LineReader lines(in.stream(), in.name());
    ToolOutput out(output);
    invert_lines(lines, out.stream());
    out.commit();
    return 0;
  }
  Heuristic h;
  try {
    h = parse_heuristic(command);
  } catch (const UsageError& e) {
    throw UsageError(std::string("-c: ") + e.what() + "; or invert with -i alone");
  }
  if (input2.empty()) throw UsageError("-c " + command + " needs two files: -i FORWARD -j REVERSE");
  if (input1 == "-" && input2 == "-") throw UsageError("-i and -j cannot both be stdin");
  ToolInput forward(input1), reverse(input2);
  LineReader forward_lines(forward.stream(), forward.name()), reverse_lines(reverse.stream(), reverse.name());
  ToolOutput out(output);
  combine_lines(forward_lines, reverse_lines, h, out.stream());
  out.commit();
  return 0;
}

}  // namespace tolmach::align_tool
