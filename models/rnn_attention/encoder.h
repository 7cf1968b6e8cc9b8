#pragma once
// Source side: embeddings, then a stack of LSTM layers over the padded batch (oneDNN LSTM,
// whole sequences at once): layer 0 bidirectional (states [B, S, 2H]), layers 1.. forward
// only (H), with dropout between layers while training.
#include <vector>

#include "data/batch.h"
#include "models/rnn_attention/attention.h"
#include "models/rnn_attention/config.h"
#include "models/rnn_attention/dropout.h"
#include "nn/embedding.h"
#include "nn/lstm.h"

namespace tolmach::rnn {

class Encoder {
 public:
  Encoder() = default;
  Encoder(const RnnConfig& config, nn::Rng& rng);

  // States, mask and lengths of `source` (memory.keys is left for Attention::prepare).
  EncoderMemory forward(const SourceBatch& source, const Dropout& dropout) const;
  nn::NamedParams parameters() const;  // "embedding.weight", "l<l>.weights_layer", ...

  nn::Embedding embedding;
  std::vector<nn::LstmWeights> layers;
};

}  // namespace tolmach::rnn
