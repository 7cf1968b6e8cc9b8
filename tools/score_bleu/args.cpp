#include "score_bleu/args.h"

#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>

#include "base/error.h"
#include "common/options.h"
#include "parse_options.h"
#include "tensor/threads.h"

namespace po = boost::program_options;

namespace tolmach::score_bleu_tool {
namespace {

// sacreBLEU's multi-letter single-dash flags, mapped to their long names.
const std::map<std::string, std::string> kAliases = {
    {"-tok", "--tokenize"},       {"-lc", "--lowercase"},        {"-sl", "--sentence-level"},
    {"-sv", "--smooth-value"},    {"-cc", "--chrf-char-order"},  {"-cw", "--chrf-word-order"},
    {"-ci", "--confidence"},      {"-cin", "--confidence-n"},    {"-pbs", "--paired-bs"},
    {"-par", "--paired-ar"},      {"-pbsn", "--paired-bs-n"},    {"-parn", "--paired-ar-n"},
    {"-parci", "--paired-ar-ci"}, {"-sh", "--short"},            {"-nc", "--no-color"},
    {"-nr", "--num-refs"}};

struct Raw {  // flags that need a second look before they become ReportOptions
  std::string tok = "13a", smooth = "exp", format = "json", encoding = "utf-8";
};

po::options_description metric_options(metrics::ReportOptions& r, Raw& raw) {
  po::options_description d("Metrics");
  d.add_options()
      ("metrics,m", po::value(&r.metrics)->multitoken(), "bleu chrf ter (default: bleu)")
      ("tokenize", tool::defaulted(raw.tok), "-tok: 13a | intl | char | none | zh")
      ("smooth-method,s", tool::defaulted(raw.smooth), "exp | floor | add-k | none")
      ("smooth-value", po::value<double>(), "-sv: value for floor (0.1) / add-k (1)")
      ("lowercase", po::bool_switch(&r.bleu.lowercase), "-lc: case-insensitive BLEU")
      ("force", po::bool_switch(&r.force), "no warning about tokenized input")
      ("chrf-char-order", tool::defaulted(r.chrf.char_order), "-cc")
      ("chrf-word-order", tool::defaulted(r.chrf.word_order), "-cw (2 = chrF++)")
      ("chrf-beta", tool::defaulted(r.chrf.beta), "recall weight")
      ("chrf-whitespace", po::bool_switch(&r.chrf.whitespace), "keep whitespace in character n-grams")
      ("chrf-lowercase", po::bool_switch(&r.chrf.lowercase), "case-insensitive chrF")
      ("chrf-eps-smoothing", po::bool_switch(&r.chrf.eps_smoothing), "chrF++.py-style eps smoothing")
      ("ter-case-sensitive", po::bool_switch(&r.ter.case_sensitive), "TER without lower-casing")
      ("ter-asian-support", po::bool_switch(&r.ter.asian_support), "split CJK characters / drop CJK punctuation")
      ("ter-no-punct", po::bool_switch(&r.ter.no_punct), "remove punctuation before TER")
      ("ter-normalized", po::bool_switch(&r.ter.normalized), "Tercom's normalisation and tokenization");
  return d;
}

po::options_description test_options(metrics::ReportOptions& r) {
  r.threads = threads_from_flag(0);  // sacreBLEU's default: all cores
  po::options_description d("Statistical tests");
  d.add_options()
      ("confidence", po::bool_switch(&r.confidence), "-ci: bootstrap 95% confidence interval")
      ("confidence-n", tool::defaulted(r.confidence_n), "-cin: resamples")
      ("paired-bs", po::bool_switch(&r.paired_bs), "-pbs: paired bootstrap test, first -i file is the baseline")
      ("paired-ar", po::bool_switch(&r.paired_ar), "-par: paired approximate randomization test")
      ("paired-bs-n", tool::defaulted(r.paired_bs_n), "-pbsn: resamples")
      ("paired-ar-n", tool::defaulted(r.paired_ar_n), "-parn: trials")
      ("paired-ar-ci", po::bool_switch(&r.paired_ar_ci), "-parci: also bootstrap CIs (2000) with AR")
      ("seed", tool::defaulted(r.seed), "RNG seed of the tests (sacreBLEU: SACREBLEU_SEED)")
      ("threads,j", tool::threads_value(r.threads, std::nullopt), "threads (0 = default: all cores); also sacreBLEU's --paired-jobs")
      ("paired-jobs", tool::threads_value(r.threads, std::nullopt), "same as --threads");
  return d;
}

po::options_description io_options(Args& a, Raw& raw) {
  po::options_description d("tolmach-score-bleu REF [REF ...] [-i HYP [HYP ...]] [options]");
  d.add_options()
      ("help,h", "show this help")
      ("version,V", "print the version")
      ("refs", po::value(&a.refs)->multitoken(), "reference files (one per reference stream)")
      ("num-refs", tool::defaulted(a.num_refs), "-nr: N tab-separated references per line of one file")
      ("input,i", po::value(&a.inputs)->multitoken(), "hypothesis file(s); several = several systems (default: stdin)")
      ("sentence-level", po::bool_switch(&a.report.sentence_level), "-sl: one score per sentence")
      ("score-only,b", po::bool_switch(&a.report.score_only), "print only the score")
      ("width,w", tool::defaulted(a.report.width), "decimals")
      ("format,f", tool::defaulted(raw.format), "json | text")
      ("encoding,e", tool::defaulted(raw.encoding), "only utf-8 is supported")
      ("quiet,q", "accepted for compatibility")
      ("short", po::bool_switch(&a.report.short_sig), "-sh: abbreviated signature (text output)")
      ("no-color", "accepted for compatibility");
  return d;
}

void check(const Args& a, const Raw& raw) {
  const metrics::ReportOptions& r = a.report;
  if (raw.encoding != "utf-8" && raw.encoding != "utf8" && raw.encoding != "UTF-8")
    throw UsageError("only UTF-8 input is supported (--encoding " + raw.encoding + ")");
  for (const auto& name : r.metrics)
    if (name != "bleu" && name != "chrf" && name != "ter")
      throw UsageError("unknown metric '" + name + "' (choose bleu, chrf or ter)");
  if (raw.format != "json" && raw.format != "text") throw UsageError("--format must be json or text");
  if (a.refs.empty()) throw UsageError("no reference file given (tolmach-score-bleu REF [-i HYP])");
  if (a.num_refs < 1) throw UsageError("--num-refs must be at least 1");
  if (a.num_refs > 1 && a.refs.size() > 1)
    throw UsageError("--num-refs reads tab-separated references from a single reference file");
  if (r.paired_bs && r.paired_ar) throw UsageError("--paired-bs and --paired-ar are mutually exclusive");
  if (r.chrf.char_order < 1 || r.chrf.word_order < 0) throw UsageError("bad chrF n-gram order");
}

}  // namespace

Args parse_args(int argc, char** argv) {
  std::vector<std::string> argv2;
  for (int i = 1; i < argc; ++i) {
    auto it = kAliases.find(argv[i]);
    argv2.push_back(it == kAliases.end() ? argv[i] : it->second);
  }
  Args a;
  Raw raw;
  po::options_description opts = io_options(a, raw);
  opts.add(metric_options(a.report, raw)).add(test_options(a.report));
  po::positional_options_description pos;
  pos.add("refs", -1);
  const po::variables_map vm = parse_options(po::command_line_parser(argv2).positional(pos), opts);
  if (vm.count("version")) {
    std::cout << "tolmach-score-bleu " << TOLMACH_VERSION << "\n";
    std::exit(0);
  }
  // Like sacreBLEU, SACREBLEU_SEED sets the seed unless --seed is given.
  if (const char* env = std::getenv("SACREBLEU_SEED"); env && vm["seed"].defaulted())
    a.report.seed = std::strtoull(env, nullptr, 10);
  a.report.bleu.tokenizer = metrics::parse_bleu_tokenizer(raw.tok);
  a.report.bleu.smooth = metrics::parse_smooth(raw.smooth);
  if (vm.count("smooth-value")) a.report.bleu.smooth_value = vm["smooth-value"].as<double>();
  a.report.json = raw.format == "json";
  if (a.report.metrics.empty()) a.report.metrics = {"bleu"};
  check(a, raw);
  return a;
}

}  // namespace tolmach::score_bleu_tool
