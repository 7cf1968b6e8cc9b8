// tolmach-tokenize: train, apply and undo SentencePiece subword models, with ICU
// normalisation in front. Flags follow spm_train / spm_encode / spm_decode (dashes for
// underscores). Thin: one file per subcommand in tools/tokenize/, lib/text does the work.
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/tool_main.h"
#include "tokenize/commands.h"

using namespace tolmach;

namespace {

const char* kUsage =
    "usage: tolmach-tokenize train  --input FILE[,FILE] --model-prefix P [options]\n"
    "       tolmach-tokenize encode --model P.model [options] < text > pieces\n"
    "       tolmach-tokenize encode --words [options]          < text > words\n"
    "       tolmach-tokenize decode --model P.model [options] < pieces > text\n"
    "Run 'tolmach-tokenize COMMAND --help' for the options of a command.";

struct Subcommand {
  const char* name;
  int (*run)(int, char**);
};

const std::vector<Subcommand> kSubcommands = {
    {"train", tokenize_tool::train},
    {"encode", tokenize_tool::encode},
    {"decode", tokenize_tool::decode},
};

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
    for (const Subcommand& s : kSubcommands)
      if (command == s.name) return s.run(argc - 1, argv + 1);
    throw UsageError("unknown command '" + command + "': train, encode or decode (see --help)");
  });
}
