// tolmach-align ibm2: fast_align's reparameterised IBM Model 2 on "left ||| right" lines
// (or left TAB right). Single-letter flags are fast_align's (-d -o -v -r -I -q -T -a -N);
// -o there means "optimise tension", so the output file is -O / --output (default stdout).
// -d -o follows fast_align's tension updates, slips included; --exact-tension-gradient the
// corrected ones (lib/align/ibm2.cpp, Ibm2::optimize_tension).
// One Pharaoh line (left-right, 0-based) per input line, in order; a pair with an empty side
// gets an empty line. Thin: lib/align does the work.
#include <boost/program_options.hpp>

#include <cmath>
#include <iomanip>
#include <iostream>
#include <string>

#include "align/bitext.h"
#include "align/commands.h"
#include "align/ibm2.h"
#include "align/pair_reader.h"
#include "base/error.h"
#include "common/options.h"
#include "io/tool_streams.h"
#include "parse_options.h"
#include "tensor/threads.h"

namespace po = boost::program_options;

namespace tolmach::align_tool {

namespace {

void log_pass(const Ibm2Stats& s) {
  const double per_word = s.tokens > 0 ? -s.log_likelihood / s.tokens : 0.0;
  std::cerr << "iteration " << s.iteration << ": log_e likelihood " << std::setprecision(10) << s.log_likelihood
            << std::setprecision(6) << ", cross entropy " << per_word / std::log(2.0) << " bits/word, posterior p0 "
            << s.posterior_null << ", tension " << s.tension << "\n";
}

}  // namespace

int ibm2(int argc, char** argv) {
  Ibm2Options o;
  std::string input, output;
  int threads = 1;
  bool quiet = false;
  po::options_description desc(
      "tolmach-align ibm2 [options]: word alignment with fast_align's IBM Model 2\n"
      "input: 'left ||| right' (or left TAB right) per line; output: Pharaoh i-j (left-right, 0-based)");
  desc.add_options()
      ("help", "this help")
      ("input,i", po::value(&input)->default_value("-"), "sentence pairs (- = stdin)")
      ("output,O", po::value(&output)->default_value("-"), "alignments (- = stdout), written atomically")
      ("reverse,r", po::bool_switch(&o.reverse), "predict the left side from the right (links stay left-right)")
      ("favor-diagonal,d", po::bool_switch(&o.favor_diagonal), "favour links near the diagonal")
      ("optimize-tension,o", po::bool_switch(&o.optimize_tension),
       "fit the diagonal tension (with -d) as fast_align does: the same tension and links")
      ("exact-tension-gradient", po::bool_switch(&o.exact_tension_gradient),
       "with -o: step along the true gradient of the expected log-likelihood instead of fast_align's "
       "(which takes the empirical feature one position early, weighs the expected one by 1 instead of "
       "the non-NULL posterior and swaps m and n in its normaliser); the tension then tends to 14 and "
       "the links differ from fast_align's")
      ("variational-bayes,v", po::bool_switch(&o.variational_bayes), "Dirichlet prior on t(f|e)")
      ("iterations,I", tool::defaulted(o.iterations), "passes; the last one only aligns")
      ("p0,q", tool::defaulted(o.p0), "prior probability of a link to NULL (with -d)")
      ("diagonal-tension,T", tool::defaulted(o.tension), "starting tension (implies -d)")
      ("alpha,a", tool::defaulted(o.alpha), "Dirichlet parameter (with -v)")
      ("no-null-word,N", po::bool_switch(), "no NULL word")
      ("threads", tool::threads_value(threads), "threads (0: all cores)")
      ("quiet", po::bool_switch(&quiet), "no log on stderr");
  const auto vm = parse_options(po::command_line_parser(argc, argv), desc);
  o.use_null = !vm["no-null-word"].as<bool>();
  if (!vm["diagonal-tension"].defaulted()) o.favor_diagonal = true;  // as fast_align -T
  if (o.iterations < 1) throw UsageError("--iterations must be at least 1");
  if (!(o.p0 >= 0 && o.p0 < 1)) throw UsageError("--p0 must be in [0, 1)");
  if (!(o.tension >= 0)) throw UsageError("--diagonal-tension must be >= 0");
  if (!(o.alpha > 0)) throw UsageError("--alpha must be > 0");
  set_num_threads(threads);

  ToolInput in(input);
  ToolOutput out(output);  // an unwritable -O fails before training, not after
  PairReader reader(in.stream(), in.name());
  Bitext bitext;
  read_bitext(reader, bitext);
  in.check_read();

  Ibm2 model(bitext, o);
  const std::vector<Links> links = model.train_and_align(quiet ? nullptr : log_pass);

  for (const Links& l : links) out.stream() << format_pharaoh(l) << '\n';
  out.commit();
  return 0;
}

}  // namespace tolmach::align_tool
