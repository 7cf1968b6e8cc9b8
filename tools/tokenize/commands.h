#pragma once
// tolmach-tokenize's subcommands, one file each in tools/tokenize/; tools/tokenize.cpp
// dispatches. Each takes the arguments after the subcommand's name (argv[0] is the subcommand).
// The option groups encode and decode share are here too (streams.cpp).
#include <boost/program_options.hpp>

#include <functional>
#include <string>

#include "text/line_filter.h"
#include "text/normalize.h"

namespace tolmach::tokenize_tool {

int train(int argc, char** argv);
int encode(int argc, char** argv);
int decode(int argc, char** argv);

// --normalize, --lowercase, --locale: given flags override `base` (what train recorded).
boost::program_options::options_description normalize_options();
NormalizeOptions apply_normalize_flags(NormalizeOptions base, const boost::program_options::variables_map& vm);

// --input, --output, --threads, --batch-lines, --replace-invalid, --on-bad-line.
struct StreamFlags {
  std::string input = "-", output = "-", on_bad_line = "error";
  int threads = 1;
  LineFilterOptions filter;
};
boost::program_options::options_description stream_options(StreamFlags& flags);
// Runs the line functions `make_function` gives (one per worker) from input to output.
void run_filter(StreamFlags& flags, const std::function<LineFunction()>& make_function);

}  // namespace tolmach::tokenize_tool
