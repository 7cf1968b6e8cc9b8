#pragma once
// The training loop: batches -> loss -> gradients -> (all-reduce point) -> clip -> Adam,
// with progress, validation, early stopping and checkpoints. Everything it needs to resume
// exactly (weights, Adam moments, update count, data position, RNG, best validation score,
// stalled count) goes into each checkpoint, so a resumed run continues bit for bit.
//
// Model directory layout (-m DIR):
//   DIR/config.json, DIR/model.safetensors     the model to translate with (the latest one,
//                                                or with keep_best the best validated one)
//   DIR/checkpoints/step-N/                      the last `keep_checkpoints` checkpoints
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/batch_stream.h"
#include "io/safetensors.h"
#include "models/seq2seq.h"
#include "train/distributed.h"
#include "train/gradient_allreduce.h"
#include "train/lr_schedule.h"
#include "train/optimizer.h"
#include "train/progress.h"
#include "train/validator.h"

namespace tolmach {

struct TrainerOptions {
  std::string model_dir;
  nlohmann::json config;         // written as config.json (model config + vocabularies)
  BatchOptions batch;
  BatchShape shape;
  LossOptions loss;
  AdamOptions adam;
  LrSchedule lr;                 // -l and --lr-*; the trainer sets its end to after_updates
  float clip_norm = 1.f;         // 0: no clipping
  uint64_t seed = 1234;          // dropout stream (and the data order, via batch.seed)
  int64_t after_updates = 0;     // stop after this many updates (0: no limit)
  uint64_t after_epochs = 0;     // stop after this many epochs (0: no limit)
  int64_t disp_freq = 100;       // log line every N updates
  int64_t save_freq = 1000;      // checkpoint every N updates (and at the end)
  int64_t valid_freq = 1000;     // validate every N updates (and at the end)
  size_t early_stopping = 10;    // stop after N validations without improvement (0: never)
  bool keep_best = false;        // DIR/model.safetensors = best validated model
  size_t keep_checkpoints = 2;
  // Marian's --exponential-smoothing: validate and save a moving average of the weights,
  // avg = beta avg + (1 - beta) w with beta = min(1 - factor, (1 + u) / (10 + u)). 0: off.
  float exponential_smoothing = 0.f;
  // Data parallelism (see docs/scaling.md): the ranks of the run (null: this process alone).
  // Rank r of N trains on batches r, r+N, r+2N, ... of the single-process stream, so one
  // update sees N mini-batches (N x --mini-batch-words); the summed gradient is divided by
  // the summed target tokens, exactly as one process would with that bigger batch.
  Communicator* comm = nullptr;
  AllreducePrecision allreduce_precision = AllreducePrecision::float32;
  size_t allreduce_bucket_bytes = GradientAllreduce::kDefaultBucketBytes;
  int64_t check_freq = 100;      // compare a parameter checksum across ranks every N updates (0: never)
};

// What a checkpoint's trainer_state.json holds.
struct TrainerState {
  int64_t update = 0;
  // Batches of the epoch consumed by all ranks together (N x a rank's own count): a saved run
  // resumes on any number of ranks.
  DataPosition data;
  uint64_t seed = 0;            // RNG: dropout seed of update u is derived from (seed, u)
  bool has_best = false;
  double best = 0;              // best value of the first validation metric
  size_t stalled = 0;           // validations since it last improved
  std::vector<double> last_valid;

  nlohmann::json to_json() const;
  static TrainerState from_json(const nlohmann::json& j, const std::string& file);
};

enum class StopReason { finished, early_stopping, signal };

class Trainer {
 public:
  // `validator` may be null (no --valid-sets).
  Trainer(Seq2SeqModel& model, const ParallelCorpus& corpus, TrainerOptions options,
          Progress& progress, Validator* validator = nullptr);

  // Continue from a checkpoint (its weights must already be in the model).
  void restore(const SafetensorsFile& optimizer, const TrainerState& state);

  // Train until --after, early stopping or a stop signal; a checkpoint is saved on the way out.
  StopReason train();

  const TrainerState& state() const { return state_; }
  // The learning rate of (1-based) update u.
  float learning_rate(int64_t u) const;

 private:
  // What all ranks together saw in one update.
  struct UpdateTotals {
    double tokens = 0, loss = 0, words = 0;
    bool stop = false;  // a rank received a stop signal
  };
  // THE point where this process's gradients are complete: sums gradients, token counts,
  // loss and stop requests over the ranks, then scales the gradients to the mean per target
  // token of the whole update.
  UpdateTotals gradients_ready(size_t tokens, double loss, size_t words);
  // Fails (on every rank) when the ranks' parameters are no longer identical.
  void check_replicas();
  // The stream over this rank's shard from a position saved by any number of ranks, and back.
  void open_stream(const DataPosition& global);
  DataPosition global_position() const;
  void validate();
  void save();
  void save_model_files();
  void prune_checkpoints();
  bool epochs_done() const;
  void update_average(int64_t update);
  void swap_average();  // exchange the live weights with their moving average

  LocalCommunicator local_;
  Communicator* comm_;  // options_.comm or &local_
  std::unique_ptr<GradientAllreduce> allreduce_;
  double wait_seconds_ = 0, reduce_seconds_ = 0;  // waiting for the slowest rank; all-reducing
  Seq2SeqModel& model_;
  const ParallelCorpus& corpus_;
  TrainerOptions options_;
  Progress& progress_;
  Validator* validator_;
  nn::NamedParams params_;
  std::vector<Var> vars_;
  std::unique_ptr<Adam> adam_;
  std::vector<Tensor> average_;  // exponential smoothing: one per parameter (empty when off)
  std::unique_ptr<BatchStream> stream_;
  TrainerState state_;
  int64_t saved_update_ = -1;
  int64_t validated_update_ = -1;
};

// A dropout seed per update that does not repeat across updates or runs with other seeds.
uint64_t update_seed(uint64_t seed, int64_t update);

}  // namespace tolmach
