#include "text/subword_trainer.h"

#include <cerrno>
#include <cstring>
#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <cstdio>
#include <exception>
#include <fstream>
#include <memory>
#include <sstream>
#include <unordered_map>

#include "io/atomic_file.h"
#include "base/error.h"
#include "text/tokenizer.h"
#include "text/utf8.h"

// Exported by libsentencepiece but not declared in its public headers.
namespace sentencepiece::logging {
int GetMinLogLevel();
void SetMinLogLevel(int v);
}  // namespace sentencepiece::logging

namespace tolmach {
namespace {

// Feeds SentencePiece the normalised lines of every input file in turn. An error stops
// the iteration; it is kept and rethrown after Train() returns (never thrown through
// SentencePiece's frames).
class CorpusIterator : public sentencepiece::SentenceIterator {
 public:
  explicit CorpusIterator(const SubwordTrainOptions& options)
      : options_(options), normalizer_(options.normalize) {
    Next();
  }
  bool done() const override { return done_; }
  const std::string& value() const override { return value_; }
  sentencepiece::util::Status status() const override {
    if (!error_) return sentencepiece::util::Status();
    return sentencepiece::util::Status(sentencepiece::util::StatusCode::kInternal, "corpus error");
  }
  void Next() override {
    try {
      advance();
    } catch (...) {
      error_ = std::current_exception();
      done_ = true;
    }
  }
  void rethrow_error() const {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  void advance() {
    std::string line;
    while (true) {
      if (reader_ && reader_->next(line, options_.replace_invalid)) {
        value_ = normalizer_(line);
        return;
      }
      if (reader_ && in_.bad()) throw InputError(reader_->name(), 0, "read error");
      if (next_file_ == options_.inputs.size()) {
        done_ = true;
        return;
      }
      const std::string& path = options_.inputs[next_file_++];
      in_.close();
      in_.clear();
      in_.open(path, std::ios::binary);
      if (!in_) throw InputError(path, 0, std::string("cannot open: ") + std::strerror(errno));
      reader_ = std::make_unique<LineReader>(in_, path);
    }
  }

  const SubwordTrainOptions& options_;
  TextNormalizer normalizer_;
  std::ifstream in_;
  std::unique_ptr<LineReader> reader_;
  size_t next_file_ = 0;
  std::string value_;
  bool done_ = false;
  std::exception_ptr error_;
};

std::string join(const std::vector<std::string>& items, char sep) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : std::string(1, sep)) + s;
  return out;
}

// SentencePiece's .vocab format: "piece<TAB>score" per id, scores as ostream prints them.
std::string vocab_file_text(const std::string& serialized_model) {
  sentencepiece::SentencePieceProcessor sp;
  const auto status = sp.LoadFromSerializedProto(serialized_model);
  if (!status.ok()) throw std::runtime_error("trained model does not load: " + status.ToString());
  std::ostringstream out;
  for (int id = 0; id < sp.GetPieceSize(); ++id) out << sp.IdToPiece(id) << "\t" << sp.GetScore(id) << "\n";
  return out.str();
}

struct LogLevelGuard {
  int saved;
  explicit LogLevelGuard(bool quiet) : saved(sentencepiece::logging::GetMinLogLevel()) {
    if (quiet) sentencepiece::logging::SetMinLogLevel(2);  // errors only
  }
  ~LogLevelGuard() { sentencepiece::logging::SetMinLogLevel(saved); }
};

}  // namespace

void train_subword_model(const SubwordTrainOptions& o) {
  if (o.inputs.empty()) throw UsageError("train needs --input");
  if (o.model_prefix.empty()) throw UsageError("train needs --model-prefix");
  std::unordered_map<std::string, std::string> args = {
      {"vocab_size", std::to_string(o.vocab_size)},
      {"model_type", o.model_type},
      {"character_coverage", std::to_string(o.character_coverage)},
      {"input_sentence_size", std::to_string(o.input_sentence_size)},
      {"shuffle_input_sentence", o.shuffle_input_sentence ? "true" : "false"},
      {"byte_fallback", o.byte_fallback ? "true" : "false"},
      {"split_digits", o.split_digits ? "true" : "false"},
      {"num_threads", std::to_string(o.threads)},
      {"normalization_rule_name", o.normalization_rule_name},
      {"pad_id", std::to_string(o.pad_id)},
      {"unk_id", std::to_string(o.unk_id)},
      {"bos_id", std::to_string(o.bos_id)},
      {"eos_id", std::to_string(o.eos_id)},
  };
  if (!o.user_defined_symbols.empty()) args["user_defined_symbols"] = join(o.user_defined_symbols, ',');
  if (o.seed >= 0) sentencepiece::SetRandomGeneratorSeed(static_cast<unsigned>(o.seed));

  CorpusIterator corpus(o);
  std::string model;
  sentencepiece::util::Status status;
  {
    LogLevelGuard quiet(o.quiet);
    status = sentencepiece::SentencePieceTrainer::Train(args, &corpus, &model);
  }
  corpus.rethrow_error();  // a corpus error explains a failed status best
  if (!status.ok()) {
    // Settings SentencePiece rejects outright are usage errors; the rest (e.g. a vocabulary
    // too large for the corpus) are failures of this input.
    if (status.code() == sentencepiece::util::StatusCode::kInvalidArgument)
      throw UsageError("SentencePiece training: " + status.ToString());
    throw std::runtime_error("SentencePiece training: " + status.ToString());
  }

  const std::string model_path = o.model_prefix + ".model";
  const std::string vocab_text = vocab_file_text(model);
  write_file_atomic(model_path, model);
  write_file_atomic(o.model_prefix + ".vocab", vocab_text);
  const std::string sidecar = normalize_sidecar_path(model_path);
  if (!o.normalize.identity()) write_normalize_sidecar(model_path, o.normalize);
  else std::remove(sidecar.c_str());  // a stale one from an earlier run would mislead encode
}

}  // namespace tolmach
