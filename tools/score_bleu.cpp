// tolmach-score-bleu: BLEU / chrF / TER with sacreBLEU 2.x's numbers, flags and signature,
// plus its paired significance tests. Parses options, reads text, calls lib/metrics, prints.
#include <boost/program_options.hpp>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include "io/error.h"
#include "io/tool_main.h"
#include "parse_options.h"
#include "metrics/bleu.h"
#include "metrics/chrf.h"
#include "metrics/parallel.h"
#include "metrics/report.h"
#include "metrics/segments.h"
#include "metrics/significance.h"
#include "metrics/ter.h"

namespace po = boost::program_options;
namespace m = tolmach::metrics;
using tolmach::InputError;
using tolmach::UsageError;

namespace {

// sacreBLEU's multi-letter single-dash flags, mapped to their long names.
const std::map<std::string, std::string> kAliases = {
    {"-tok", "--tokenize"},       {"-lc", "--lowercase"},        {"-sl", "--sentence-level"},
    {"-sv", "--smooth-value"},    {"-cc", "--chrf-char-order"},  {"-cw", "--chrf-word-order"},
    {"-ci", "--confidence"},      {"-cin", "--confidence-n"},    {"-pbs", "--paired-bs"},
    {"-par", "--paired-ar"},      {"-pbsn", "--paired-bs-n"},    {"-parn", "--paired-ar-n"},
    {"-parci", "--paired-ar-ci"}, {"-sh", "--short"},            {"-nc", "--no-color"},
    {"-nr", "--num-refs"}};

struct Args {
  std::vector<std::string> refs, inputs, metrics;
  bool score_only = false, sentence_level = false, lowercase = false, force = false, short_sig = false;
  int width = 1;
  size_t num_refs = 1;
  std::string format = "json";
  m::BleuOptions bleu;
  m::ChrfOptions chrf;
  m::TerOptions ter;
  bool confidence = false, paired_bs = false, paired_ar = false, paired_ar_ci = false;
  size_t confidence_n = 1000, paired_bs_n = 1000, paired_ar_n = 10000;
  uint64_t seed = 12345;
  int threads = m::default_threads();
};

Args parse(int argc, char** argv) {
  std::vector<std::string> argv2;
  for (int i = 1; i < argc; ++i) {
    auto it = kAliases.find(argv[i]);
    argv2.push_back(it == kAliases.end() ? argv[i] : it->second);
  }
  Args a;
  std::string tok = "13a", smooth = "exp";
  std::optional<double> smooth_value;
  po::options_description opts("tolmach-score-bleu REF [REF ...] [-i HYP [HYP ...]] [options]");
  opts.add_options()
      ("help,h", "show this help")
      ("version,V", "print the version")
      ("refs", po::value(&a.refs)->multitoken(), "reference files (one per reference stream)")
      ("num-refs", po::value(&a.num_refs)->default_value(1), "-nr: N tab-separated references per line of one file")
      ("input,i", po::value(&a.inputs)->multitoken(), "hypothesis file(s); several = several systems (default: stdin)")
      ("metrics,m", po::value(&a.metrics)->multitoken(), "bleu chrf ter (default: bleu)")
      ("sentence-level", po::bool_switch(&a.sentence_level), "-sl: one score per sentence")
      ("score-only,b", po::bool_switch(&a.score_only), "print only the score")
      ("width,w", po::value(&a.width)->default_value(1), "decimals")
      ("format,f", po::value(&a.format)->default_value("json"), "json | text")
      ("tokenize", po::value(&tok)->default_value("13a"), "-tok: 13a | intl | char | none | zh")
      ("smooth-method,s", po::value(&smooth)->default_value("exp"), "exp | floor | add-k | none")
      ("smooth-value", po::value<double>(), "-sv: value for floor (0.1) / add-k (1)")
      ("lowercase", po::bool_switch(&a.lowercase), "-lc: case-insensitive BLEU")
      ("force", po::bool_switch(&a.force), "no warning about tokenized input")
      ("chrf-char-order", po::value(&a.chrf.char_order)->default_value(6), "-cc")
      ("chrf-word-order", po::value(&a.chrf.word_order)->default_value(0), "-cw (2 = chrF++)")
      ("chrf-beta", po::value(&a.chrf.beta)->default_value(2), "recall weight")
      ("chrf-whitespace", po::bool_switch(&a.chrf.whitespace), "keep whitespace in character n-grams")
      ("chrf-lowercase", po::bool_switch(&a.chrf.lowercase), "case-insensitive chrF")
      ("chrf-eps-smoothing", po::bool_switch(&a.chrf.eps_smoothing), "chrF++.py-style eps smoothing")
      ("ter-case-sensitive", po::bool_switch(&a.ter.case_sensitive), "TER without lower-casing")
      ("ter-asian-support", po::bool_switch(&a.ter.asian_support), "split CJK characters / drop CJK punctuation")
      ("ter-no-punct", po::bool_switch(&a.ter.no_punct), "remove punctuation before TER")
      ("ter-normalized", po::bool_switch(&a.ter.normalized), "Tercom's normalisation and tokenization")
      ("confidence", po::bool_switch(&a.confidence), "-ci: bootstrap 95% confidence interval")
      ("confidence-n", po::value(&a.confidence_n)->default_value(1000), "-cin: resamples")
      ("paired-bs", po::bool_switch(&a.paired_bs), "-pbs: paired bootstrap test, first -i file is the baseline")
      ("paired-ar", po::bool_switch(&a.paired_ar), "-par: paired approximate randomization test")
      ("paired-bs-n", po::value(&a.paired_bs_n)->default_value(1000), "-pbsn: resamples")
      ("paired-ar-n", po::value(&a.paired_ar_n)->default_value(10000), "-parn: trials")
      ("paired-ar-ci", po::bool_switch(&a.paired_ar_ci), "-parci: also bootstrap CIs (2000) with AR")
      ("seed", po::value(&a.seed)->default_value(12345), "RNG seed of the tests (sacreBLEU: SACREBLEU_SEED)")
      ("threads,j", po::value(&a.threads), "threads (default: all cores; also sacreBLEU's --paired-jobs)")
      ("paired-jobs", po::value(&a.threads), "same as --threads")
      ("encoding,e", po::value<std::string>()->default_value("utf-8"), "only utf-8 is supported")
      ("quiet,q", "accepted for compatibility")
      ("short", po::bool_switch(&a.short_sig), "-sh: abbreviated signature (text output)")
      ("no-color", "accepted for compatibility");
  po::positional_options_description pos;
  pos.add("refs", -1);
  const po::variables_map vm = tolmach::parse_options(po::command_line_parser(argv2).positional(pos), opts);
  if (vm.count("version")) {
    std::cout << "tolmach-score-bleu " << TOLMACH_VERSION << "\n";
    std::exit(0);
  }
  if (vm.count("smooth-value")) smooth_value = vm["smooth-value"].as<double>();
  if (const auto enc = vm["encoding"].as<std::string>(); enc != "utf-8" && enc != "utf8" && enc != "UTF-8")
    throw UsageError("only UTF-8 input is supported (--encoding " + enc + ")");
  // Like sacreBLEU, SACREBLEU_SEED sets the seed unless --seed is given.
  if (const char* env = std::getenv("SACREBLEU_SEED"); env && vm["seed"].defaulted())
    a.seed = std::strtoull(env, nullptr, 10);
  a.bleu.tokenizer = m::parse_bleu_tokenizer(tok);
  a.bleu.smooth = m::parse_smooth(smooth);
  a.bleu.smooth_value = smooth_value;
  a.bleu.lowercase = a.lowercase;
  if (a.metrics.empty()) a.metrics = {"bleu"};
  for (const auto& name : a.metrics)
    if (name != "bleu" && name != "chrf" && name != "ter")
      throw UsageError("unknown metric '" + name + "' (choose bleu, chrf or ter)");
  if (a.format != "json" && a.format != "text") throw UsageError("--format must be json or text");
  if (a.refs.empty()) throw UsageError("no reference file given (tolmach-score-bleu REF [-i HYP])");
  if (a.num_refs < 1) throw UsageError("--num-refs must be at least 1");
  if (a.num_refs > 1 && a.refs.size() > 1)
    throw UsageError("--num-refs reads tab-separated references from a single reference file");
  if (a.paired_bs && a.paired_ar) throw UsageError("--paired-bs and --paired-ar are mutually exclusive");
  if (a.threads < 1) throw UsageError("--threads must be at least 1");
  if (a.chrf.char_order < 1 || a.chrf.word_order < 0) throw UsageError("bad chrF n-gram order");
  return a;
}

// Metrics in sacreBLEU's order (sorted by name: BLEU, CHRF, TER), without duplicates.
std::vector<std::unique_ptr<m::Metric>> make_metrics(const Args& a) {
  std::vector<std::unique_ptr<m::Metric>> out;
  auto wants = [&](const char* n) { return std::find(a.metrics.begin(), a.metrics.end(), n) != a.metrics.end(); };
  if (wants("bleu")) {
    m::BleuOptions o = a.bleu;
    o.effective_order = a.sentence_level;  // sacreBLEU switches it on for -sl
    out.push_back(std::make_unique<m::Bleu>(o));
  }
  if (wants("chrf")) out.push_back(std::make_unique<m::Chrf>(a.chrf));
  if (wants("ter")) out.push_back(std::make_unique<m::Ter>(a.ter));
  return out;
}

int run(int argc, char** argv) {
  const Args a = parse(argc, argv);
  const bool paired = a.paired_bs || a.paired_ar;

  m::RefStreams refs;
  std::vector<std::string> ref_files = a.refs;
  for (const auto& f : a.refs) refs.push_back(m::read_segments(f));
  if (a.num_refs > 1) {  // one file, num_refs tab-separated references per line
    refs = m::split_columns(refs[0], a.refs[0], a.num_refs, true, false);
    ref_files.assign(a.num_refs, a.refs[0]);
  }
  std::vector<std::string> names, files;  // display name and file of each system
  std::vector<std::vector<std::string>> systems;
  if (a.inputs.empty()) {  // stdin: tab-separated columns are separate systems
    systems = m::split_columns(m::read_segments(std::cin, "<stdin>"), "<stdin>", 0, false, true);
    for (size_t c = 0; c < systems.size(); ++c) {
      files.push_back("<stdin>");
      names.push_back(paired ? (c == 0 ? "Baseline" : "System " + std::to_string(c))
                             : "System " + std::to_string(c + 1));
    }
  } else {
    for (const auto& f : a.inputs) {
      if (std::find(files.begin(), files.end(), f) != files.end()) {
        if (paired && f == files[0]) continue;  // the baseline given again
        throw UsageError("'" + f + "' already used to name a system");
      }
      files.push_back(f);
      names.push_back(f);
      systems.push_back(m::read_segments(f));
    }
    if (paired) names[0] = "Baseline: " + names[0];
  }
  for (size_t s = 0; s < systems.size(); ++s)
    for (size_t r = 0; r < refs.size(); ++r)
      if (systems[s].size() != refs[r].size())
        throw InputError(files[s], 0, "hypothesis has " + std::to_string(systems[s].size()) +
                                          " lines but reference " + ref_files[r] + " has " +
                                          std::to_string(refs[r].size()) + " lines");

  if (a.sentence_level && a.metrics.size() > 1) throw UsageError("only one metric can be used in sentence-level mode");
  if (a.sentence_level && systems.size() > 1) throw UsageError("only one system can be evaluated in sentence-level mode");
  if (a.sentence_level && (a.confidence || paired)) throw UsageError("statistical tests are unavailable in sentence-level mode");
  if (paired && systems.size() < 2) throw UsageError("paired tests need several systems given to -i");
  if (systems.size() > 1 && a.confidence) throw UsageError("use paired tests (--paired-bs / --paired-ar) for several systems");

  auto metrics = make_metrics(a);
  const size_t n = refs[0].size();
  if (n == 0) std::cerr << "tolmach-score-bleu: warning: empty input, every score is 0\n";
  for (auto& metric : metrics) metric->cache_references(refs, a.threads);
  if (!a.force && std::find(a.metrics.begin(), a.metrics.end(), "bleu") != a.metrics.end()) {
    size_t tokenized = 0;
    for (const auto& h : systems[0]) tokenized += h.size() >= 2 && h.compare(h.size() - 2, 2, " .") == 0;
    if (tokenized >= 100)
      std::cerr << "tolmach-score-bleu: warning: " << tokenized
                << " lines end in a tokenized period (' .'); detokenize the input or pass --force\n";
  }

  std::string out;
  if (a.sentence_level) {
    const m::Metric& metric = *metrics[0];
    const auto stats = m::corpus_statistics(metric, systems[0], a.threads);
    const std::string sig = metric.signature().str(a.short_sig);
    const size_t k = metric.num_stats();
    for (size_t i = 0; i < n; ++i)
      out += m::format_score(metric.score(&stats[i * k]), a.width, a.score_only, sig, false) + "\n";
  } else if (systems.size() == 1) {
    std::vector<std::string> results;
    for (auto& metric : metrics) {
      const auto stats = m::corpus_statistics(*metric, systems[0], a.threads);
      m::Score s = metric->score(m::sum_statistics(stats, metric->num_stats()).data());
      std::vector<std::pair<std::string, std::string>> extra;
      if (a.confidence && n > 0) {
        const auto idx = m::bootstrap_indices(n, a.confidence_n, a.seed);
        std::tie(s.mean, s.ci) = m::estimate_ci(m::bootstrap_scores(*metric, stats, idx, a.confidence_n, a.threads));
        extra = {{"bs", std::to_string(a.confidence_n)}, {"seed", std::to_string(a.seed)}};
      }
      const std::string sig = metric->signature(extra).str(a.short_sig && a.format != "json");
      results.push_back(m::format_score(s, a.width, a.score_only, sig, a.format == "json"));
    }
    out = m::join_single_results(results, a.format == "json");
  } else {
    std::vector<m::SystemRow> rows(systems.size());
    std::vector<std::string> metric_names, sigs;
    for (size_t s = 0; s < systems.size(); ++s) rows[s].name = names[s];
    const size_t samples = a.paired_bs ? a.paired_bs_n : a.paired_ar_n;
    std::vector<uint32_t> idx;
    if ((a.paired_bs || a.paired_ar_ci) && n > 0)
      idx = m::bootstrap_indices(n, a.paired_bs ? a.paired_bs_n : 2000, a.seed);
    const size_t ci_n = a.paired_bs ? a.paired_bs_n : 2000;
    for (auto& metric : metrics) {
      std::vector<std::pair<std::string, std::string>> extra;
      if (paired) {  // sacreBLEU's signature order: bs, ar, seed
        if (a.paired_bs || a.paired_ar_ci) extra.emplace_back("bs", std::to_string(ci_n));
        if (a.paired_ar) extra.emplace_back("ar", std::to_string(samples));
        extra.emplace_back("seed", std::to_string(a.seed));
      }
      const auto bl_stats = m::corpus_statistics(*metric, systems[0], a.threads);
      const size_t k = metric->num_stats();
      m::TestResult bl;
      m::Score bl_score = metric->score(m::sum_statistics(bl_stats, k).data());
      bl.score = bl_score.score;
      if (!idx.empty()) std::tie(bl.mean, bl.ci) = m::estimate_ci(m::bootstrap_scores(*metric, bl_stats, idx, ci_n, a.threads));
      rows[0].results.push_back(bl);
      for (size_t s = 1; s < systems.size(); ++s) {
        const auto st = m::corpus_statistics(*metric, systems[s], a.threads);
        m::TestResult r;
        if (a.paired_bs && n > 0) {
          r = m::paired_bootstrap(*metric, bl_stats, st, idx, samples, a.threads);
        } else if (a.paired_ar && n > 0) {
          r = m::paired_ar(*metric, bl_stats, st, samples, a.seed, a.threads, a.paired_ar_ci ? 2000 : 0);
        } else {
          r.score = metric->score(m::sum_statistics(st, k).data()).score;
        }
        rows[s].results.push_back(r);
      }
      metric_names.push_back(bl_score.name);
      sigs.push_back(metric->signature(extra).str(a.short_sig));
    }
    out = m::format_table(metric_names, sigs, rows, a.width, a.paired_bs ? "bs" : (a.paired_ar ? "ar" : ""), samples);
  }
  std::cout << out << std::flush;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return tolmach::run_tool("tolmach-score-bleu", [&] { return run(argc, argv); });
}
