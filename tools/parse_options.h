#pragma once
// The command-line parse every tool shares: --help prints the options and exits 0, a bad
// option or value becomes a UsageError (one line on stderr, exit 2, via run_tool).
//
//   auto vm = parse_options(po::command_line_parser(argc, argv), desc);
#include <boost/program_options.hpp>

#include <cstdlib>
#include <iostream>

#include "base/error.h"

namespace tolmach {

inline boost::program_options::variables_map parse_options(boost::program_options::command_line_parser parser,
                                                           const boost::program_options::options_description& desc) {
  namespace po = boost::program_options;
  po::variables_map vm;
  try {
    po::store(parser.options(desc).run(), vm);
    if (vm.count("help")) {
      std::cout << desc << "\n";
      std::exit(0);
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  return vm;
}

}  // namespace tolmach
