#pragma once
// tolmach-align's subcommands, one file each in tools/align/; tools/align.cpp dispatches.
// Each takes the arguments after the subcommand's name (argv[0] is the subcommand).
namespace tolmach::align_tool {

int force(int argc, char** argv);    // (default) forced decoding of sentence pairs with -m MODEL
int combine(int argc, char** argv);  // symmetrise two Pharaoh files (atools -c)
int eval(int argc, char** argv);     // precision, recall, AER against a gold file
int ibm2(int argc, char** argv);     // fast_align's reparameterised IBM Model 2

}  // namespace tolmach::align_tool
