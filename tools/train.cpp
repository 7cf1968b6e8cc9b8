// tolmach-train: train an NMT model from parallel text. Flags follow Marian where the meaning
// is the same (option groups in tools/train/). Thin: options in, models/ makes the model
// config, lib/train (run_train_command) does the work.
#include <boost/program_options.hpp>

#include "base/tool_main.h"
#include "parse_options.h"
#include "train/flags.h"

namespace po = boost::program_options;
using namespace tolmach;

namespace {

int train(int argc, char** argv) {
  TrainCommand cmd;
  ModelFlags model;
  train_tool::ScheduleFlags schedule;
  po::options_description desc(
      "usage: tolmach-train -t SRC TGT -m DIR [options]\n"
      "Re-running the same command resumes from DIR's latest checkpoint.\n\nOptions");
  desc.add_options()("help,h", "this help");
  desc.add(train_tool::model_options(model))
      .add(train_tool::data_options(cmd, schedule))
      .add(train_tool::optimiser_options(cmd, schedule))
      .add(train_tool::schedule_options(cmd, schedule));
  const po::variables_map vm = parse_options(po::command_line_parser(argc, argv), desc);
  for (const auto& [name, value] : vm)
    if (!value.defaulted()) model.given.insert(name);
  cmd.model = model_config_from_flags(model);
  train_tool::apply_schedule_flags(vm, schedule, cmd);
  return run_train_command(std::move(cmd));
}

}  // namespace

int main(int argc, char** argv) {
  return run_tool("tolmach-train", [&]() -> int { return train(argc, argv); });
}
