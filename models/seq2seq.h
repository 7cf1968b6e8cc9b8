#pragma once
// The one interface every architecture (RNN-attention, Transformer) offers to the tools:
// training loss on a batch, named parameters (optimiser, safetensors), its config, and a
// StepModel for search. tolmach-train and tolmach-translate only ever see this.
#include <cstdint>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "autograd/var.h"
#include "data/batch.h"
#include "models/guided_alignment.h"
#include "nn/module.h"
#include "nn/precision.h"
#include "search/step_model.h"
#include "tensor/dtype.h"

namespace tolmach {

struct LossOptions {
  float label_smoothing = 0.f;
  // Batches with gold alignments (batch.guided_alignment) add this times the alignment cost.
  float guided_alignment_weight = 0.f;
  GuidedAlignmentCost guided_alignment_cost = GuidedAlignmentCost::ce;
};

// Sum of per-token cross-entropies over the batch's target tokens (pad ignored) and the
// number of tokens it covers; the trainer divides for the mean it backpropagates.
struct LossResult {
  Var sum;            // scalar
  size_t tokens = 0;  // batch.target_tokens
};

class Seq2SeqModel {
 public:
  virtual ~Seq2SeqModel() = default;

  // Architecture and dimensions, enough for create_model() to rebuild it ("type": "rnn" ...).
  virtual nlohmann::json config() const = 0;
  virtual nn::NamedParams parameters() const = 0;

  // Training mode turns dropout on; `dropout_seed` must differ per update.
  virtual void set_training(bool training) = 0;
  virtual LossResult loss(const Batch& batch, const LossOptions& options, uint64_t dropout_seed) = 0;

  // A fresh decoder for search over this model's current weights (no gradient recorded).
  virtual std::unique_ptr<StepModel> step_model() const = 0;

  // Inference arithmetic (nn/precision.h), set after the weights are loaded. Models without
  // bf16 / int8 paths accept only float32 (std::invalid_argument otherwise).
  virtual void set_precision(nn::Precision p);
  // Inference only from here on (after set_precision): releases the float32 weights a
  // converted copy replaces, so that a translating process holds each weight once;
  // parameters() and loss() are then no longer usable. Models without copies keep theirs.
  virtual void release_float_weights() {}
};

// Build an untrained model from its config (dispatch on config["type"]), initialised from `seed`.
// Throws std::invalid_argument naming the key for a bad config (load_model turns that into an
// InputError naming config.json). Keys a model does not know are kept in its config().
std::unique_ptr<Seq2SeqModel> create_model(const nlohmann::json& config, uint64_t seed);

// Model directory <-> model (lib/io model_dir: config.json + model.safetensors).
void save_model(const std::string& dir, const Seq2SeqModel& model);
// Same, storing the weights as `weights`: f32, bf16 (half the size) or i8 (a quarter: every
// matrix quantised per row, symmetric, its f32 row scales stored as "<name>.scale"; vectors
// stay f32). Loading converts back to f32.
void save_model(const std::string& dir, const Seq2SeqModel& model, DType weights);
inline constexpr const char* kScaleSuffix = ".scale";
// `overrides` replace config.json's keys for this load (e.g. tolmach-translate's
// --alignment-layer); the directory is not changed.
std::unique_ptr<Seq2SeqModel> load_model(const std::string& dir, const nlohmann::json& overrides = {});

}  // namespace tolmach
