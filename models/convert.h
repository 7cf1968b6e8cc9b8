#pragma once
// Model conversion, the step between training and shipping (marian-conv's job): average the
// weights of several checkpoints of one run, and store them in a smaller precision that also
// becomes the model's default inference precision ("precision" in config.json).
#include <string>
#include <vector>

#include "nn/precision.h"
#include "tensor/dtype.h"

namespace tolmach {

struct ConvertOptions {
  std::vector<std::string> inputs;  // model or checkpoint directories of one architecture
  std::string output;               // model directory to write (may be the first input)
  nn::Precision precision = nn::Precision::float32;  // f32, bf16 or i8 weights in the file
};

// Loads every input, averages their weights (one input: copied as is), writes the output
// model directory with the SentencePiece models beside it. InputError for inputs whose
// configs differ; the output is written atomically (a failure leaves it as it was).
void convert_model(const ConvertOptions& options);

// The dtype weights are stored in for a model whose precision is `p`.
DType stored_dtype(nn::Precision p);

}  // namespace tolmach
