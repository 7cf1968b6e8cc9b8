// tolmach-tokenize train: a SentencePiece model (spm_train's flags, dashes for underscores),
// with the ICU normalisation in front recorded beside it.
#include <sstream>

#include "base/error.h"
#include "common/options.h"
#include "parse_options.h"
#include "text/subword_trainer.h"
#include "tokenize/commands.h"

namespace po = boost::program_options;

namespace tolmach::tokenize_tool {
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(s);
  while (std::getline(in, item, sep))
    if (!item.empty()) out.push_back(item);
  return out;
}

}  // namespace

int train(int argc, char** argv) {
  SubwordTrainOptions o;
  std::string inputs, symbols;
  po::options_description desc("tolmach-tokenize train");
  desc.add_options()
      ("help", "this help")
      ("input", po::value(&inputs)->required(), "training text, FILE[,FILE...] (a joint source+target model: both sides)")
      ("model-prefix", po::value(&o.model_prefix)->required(), "writes PREFIX.model, PREFIX.vocab")
      ("vocab-size", tool::defaulted(o.vocab_size), "vocabulary size")
      ("model-type", tool::defaulted(o.model_type), "bpe | unigram | char | word")
      ("character-coverage", tool::defaulted(o.character_coverage), "share of characters the model covers")
      ("input-sentence-size", tool::defaulted(o.input_sentence_size), "train on at most this many lines (0 = all)")
      ("shuffle-input-sentence", tool::defaulted(o.shuffle_input_sentence), "sample those lines at random (else take the first)")
      ("user-defined-symbols", po::value(&symbols)->default_value(""), "comma-separated pieces kept whole")
      ("byte-fallback", po::bool_switch(&o.byte_fallback), "spell unknown characters as UTF-8 bytes")
      ("split-digits", po::bool_switch(&o.split_digits), "every digit its own piece")
      ("seed", tool::defaulted(o.seed), "random seed (sampling); -1 = random")
      ("threads", tool::threads_value(o.threads), "training threads (0: all cores)")
      ("normalization-rule-name", tool::defaulted(o.normalization_rule_name),
       "SentencePiece's rule inside the model (nmt_nfkc, nfkc, identity, ...), applied after ICU")
      ("pad-id", tool::defaulted(o.pad_id), "padding id (-1: none)")
      ("unk-id", tool::defaulted(o.unk_id), "unknown id")
      ("bos-id", tool::defaulted(o.bos_id), "begin-of-sentence id (-1: none)")
      ("eos-id", tool::defaulted(o.eos_id), "end-of-sentence id (-1: none)")
      ("replace-invalid", po::bool_switch(&o.replace_invalid), "replace invalid UTF-8 by U+FFFD instead of failing")
      ("quiet", po::bool_switch(&o.quiet), "no SentencePiece progress log");
  desc.add(normalize_options());
  const auto vm = parse_options(po::command_line_parser(argc, argv), desc);
  o.inputs = split(inputs, ',');
  o.user_defined_symbols = split(symbols, ',');
  o.normalize = apply_normalize_flags({}, vm);
  if (o.model_type != "bpe" && o.model_type != "unigram" && o.model_type != "char" && o.model_type != "word")
    throw UsageError("--model-type must be bpe, unigram, char or word");
  train_subword_model(o);
  return 0;
}

}  // namespace tolmach::tokenize_tool
