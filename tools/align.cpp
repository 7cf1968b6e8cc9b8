// tolmach-align: word alignment of given sentence pairs. Without a subcommand it aligns with
// a model's attention (forced decoding, tools/align/force.cpp); the subcommands work on
// alignments themselves or train a statistical aligner.
#include <cstring>
#include <iostream>
#include <vector>

#include "align/commands.h"
#include "base/tool_main.h"

using namespace tolmach;

namespace {

struct Subcommand {
  const char* name;
  int (*run)(int, char**);
};

const std::vector<Subcommand> kSubcommands = {
    {"combine", align_tool::combine},
    {"eval", align_tool::eval},
    {"ibm2", align_tool::ibm2},
};

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);  // own buffers: in_avail() sees pipe data
  std::cin.tie(nullptr);
  return run_tool("tolmach-align", [&]() -> int {
    if (argc > 1)
      for (const Subcommand& s : kSubcommands)
        if (std::strcmp(argv[1], s.name) == 0) return s.run(argc - 1, argv + 1);
    return align_tool::force(argc, argv);
  });
}
