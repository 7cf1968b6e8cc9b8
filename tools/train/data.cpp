// tolmach-train's data and optimiser flags.
#include "common/options.h"
#include "train/flags.h"

namespace po = boost::program_options;

namespace tolmach::train_tool {

po::options_description data_options(TrainCommand& cmd, ScheduleFlags& s) {
  TrainerOptions& t = cmd.trainer;
  po::options_description d("Data");
  d.add_options()
      ("train-sets,t", po::value(&cmd.train_sets)->multitoken()->required(), "SRC TGT training files (raw text)")
      ("vocabs,v", po::value(&cmd.vocabs)->multitoken(),
       "SRC TGT SentencePiece models (the same file twice: joint); created from the training data when missing "
       "(default: a joint DIR/vocab.model)")
      ("dim-vocabs", tool::defaulted(cmd.dim_vocabs), "size of vocabularies created here")
      ("model,m", po::value(&t.model_dir)->required(), "model directory")
      ("max-length", tool::defaulted(cmd.max_length), "skip pairs with a side longer than this (subword tokens)")
      ("mini-batch", tool::defaulted(t.batch.mini_batch), "sentences per batch (with --mini-batch-words: the window unit)")
      ("mini-batch-words", tool::defaulted(t.batch.mini_batch_words), "target tokens per batch (0: by sentences)")
      ("maxi-batch", tool::defaulted(t.batch.maxi_batch), "sort a window of this many mini-batches by length")
      ("maxi-batch-sort", tool::defaulted(s.sort), "none, src or trg")
      ("shuffle", tool::defaulted(s.shuffle), "data, batches or none")
      ("guided-alignment", po::value(&cmd.guided_alignment),
       "Pharaoh word alignments of the training pairs (one line per line): supervise the alignment layer's attention");
  return d;
}

po::options_description optimiser_options(TrainCommand& cmd, ScheduleFlags& s) {
  TrainerOptions& t = cmd.trainer;
  t.loss.guided_alignment_weight = 0.1f;  // the flag's default (0 without --guided-alignment)
  po::options_description d("Optimisation");
  d.add_options()
      ("optimizer,o", tool::defaulted(s.optimizer), "adam")
      ("learn-rate,l", tool::defaulted(t.lr.lr), "learning rate")
      ("lr-warmup", tool::defaulted(t.lr.warmup), "linear warm-up over N updates")
      ("lr-decay-inv-sqrt", tool::defaulted(t.lr.decay_inv_sqrt), "after N updates, lr * sqrt(N / update)")
      ("lr-cooldown", tool::defaulted(t.lr.cooldown),
       "lower the learning rate linearly to 0 over the last N updates before --after Nu")
      ("optimizer-params", po::value<std::vector<float>>()->multitoken(), "Adam beta1 beta2 eps")
      ("label-smoothing", tool::defaulted(t.loss.label_smoothing), "label smoothing epsilon")
      ("guided-alignment-cost", tool::defaulted(s.guided_cost), "ce or mse")
      ("guided-alignment-weight", tool::defaulted(t.loss.guided_alignment_weight),
       "weight of the guided-alignment cost (per gold link) beside the cross-entropy (per token)")
      ("exponential-smoothing", tool::defaulted(t.exponential_smoothing)->implicit_value(1e-4f, "1e-4"),
       "validate and save a moving average of the weights with this factor (0: off)")
      ("clip-norm", tool::defaulted(t.clip_norm), "clip gradients to this global norm (0: off)")
      ("seed", tool::defaulted(t.seed), "random seed (initialisation, data order, dropout)")
      ("threads", tool::threads_value(cmd.threads), "CPU threads (0: all cores)")
      ("precision", tool::precision_value(s.precision)->default_value("float32"),
       "float32, or bfloat16 for the GEMM operands of linear layers (mixed precision: weights, "
       "gradients and optimiser stay float32; float32 on a CPU without bf16 kernels)")
      ("allreduce-precision", tool::defaulted(s.allreduce_precision),
       "mpirun -np N: gradients on the wire in float32 or bfloat16 (half the bytes)");
  return d;
}

}  // namespace tolmach::train_tool
