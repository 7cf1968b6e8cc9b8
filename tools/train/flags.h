#pragma once
// tolmach-train's option groups (Marian's flag names), bound to a TrainCommand and the model
// flags; tools/train.cpp parses them and hands the command to lib/train.
#include <boost/program_options.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "models/model_flags.h"
#include "nn/precision.h"
#include "train/train_command.h"

namespace tolmach::train_tool {

// Flags read as text or counted twice, turned into TrainerOptions by apply_schedule_flags.
struct ScheduleFlags {
  std::string sort = "trg", shuffle = "data", optimizer = "adam", guided_cost = "ce";
  std::string after, disp_freq = "100", save_freq = "1000", valid_freq = "1000";
  std::string allreduce_precision = "float32";
  uint64_t after_epochs = 0, after_batches = 0;
  std::optional<nn::Precision> precision;
};

boost::program_options::options_description model_options(ModelFlags& f);                         // model.cpp
boost::program_options::options_description data_options(TrainCommand& cmd, ScheduleFlags& s);     // data.cpp
boost::program_options::options_description optimiser_options(TrainCommand& cmd, ScheduleFlags& s);  // data.cpp
boost::program_options::options_description schedule_options(TrainCommand& cmd, ScheduleFlags& s);  // schedule.cpp

// UsageError for a bad value or combination.
void apply_schedule_flags(const boost::program_options::variables_map& vm, const ScheduleFlags& s,
                          TrainCommand& cmd);

}  // namespace tolmach::train_tool
