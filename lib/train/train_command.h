#pragma once
// Everything tolmach-train does between parsing its options and the training loop: check
// the corpora, make or copy the SentencePiece vocabularies into the model directory, read
// and encode the data, build the model (or resume it from the latest checkpoint), wire up
// progress and validation, and run. The tool only fills a TrainCommand.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "search/hypothesis.h"
#include "train/trainer.h"

namespace tolmach {

struct TrainCommand {
  std::vector<std::string> train_sets;  // SRC TGT
  std::string guided_alignment;         // Pharaoh word alignments of the training pairs, optional
  std::vector<std::string> vocabs;      // SRC.model TGT.model (same path twice: joint); may be missing
  int dim_vocabs = 8000;                // size of vocabularies created here
  std::vector<std::string> valid_sets;  // SRC TGT, optional
  std::vector<std::string> valid_metrics{"cross-entropy"};
  size_t valid_mini_batch = 32;
  int valid_beam_size = SearchOptions{}.beam_size;  // translation's defaults
  float valid_normalize = SearchOptions{}.normalize;
  size_t max_length = 100;              // skip longer pairs (subword tokens)
  nlohmann::json model;                 // architecture: "type" and dimensions
  std::string log_file;
  int threads = 1;
  bool bf16_linear = false;             // mixed precision: bf16 GEMM operands in linear layers
  TrainerOptions trainer;               // model_dir, config, batch ... filled in as given
};

// Returns the process exit code (0; 0 also when stopped by a signal after saving).
int run_train_command(TrainCommand cmd);

}  // namespace tolmach
