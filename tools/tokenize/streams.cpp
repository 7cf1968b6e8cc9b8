// The option groups tolmach-tokenize encode and decode share, and their line-filter run.
#include <algorithm>

#include "common/options.h"
#include "io/tool_streams.h"
#include "text/bad_line.h"
#include "text/utf8.h"
#include "tokenize/commands.h"

namespace po = boost::program_options;

namespace tolmach::tokenize_tool {

po::options_description normalize_options() {
  po::options_description d("ICU normalisation (before SentencePiece's own rule)");
  d.add_options()
      ("normalize", po::value<std::string>(), "nfkc | nfc | none (default: what train recorded, else none)")
      ("lowercase", po::value<bool>()->implicit_value(true), "lower-case after normalising (--lowercase=false to turn off)")
      ("locale", po::value<std::string>(), "ICU locale for case mapping and word breaks (default root)");
  return d;
}

NormalizeOptions apply_normalize_flags(NormalizeOptions base, const po::variables_map& vm) {
  if (vm.count("normalize")) base.form = parse_norm_form(vm["normalize"].as<std::string>());
  if (vm.count("lowercase")) base.lowercase = vm["lowercase"].as<bool>();
  if (vm.count("locale")) base.locale = vm["locale"].as<std::string>();
  return base;
}

po::options_description stream_options(StreamFlags& f) {
  po::options_description d("Streaming");
  d.add_options()
      ("input", tool::defaulted(f.input), "input file (- = stdin)")
      ("output", tool::defaulted(f.output), "output file (- = stdout), written atomically")
      ("threads", tool::threads_value(f.threads), "worker threads (0: all cores); output order is kept")
      ("batch-lines", tool::defaulted(f.filter.batch_lines), "most lines a worker takes at once")
      ("replace-invalid", po::bool_switch(&f.filter.replace_invalid), "replace invalid UTF-8 by U+FFFD instead of failing")
      (kOnBadLineFlag, tool::defaulted(f.on_bad_line), kOnBadLineHelp);
  return d;
}

void run_filter(StreamFlags& f, const std::function<LineFunction()>& make_function) {
  f.filter.threads = f.threads;
  f.filter.batch_lines = std::max<size_t>(1, f.filter.batch_lines);
  f.filter.on_bad_line = parse_bad_line_policy(f.on_bad_line);
  ToolInput in(f.input);
  LineReader reader(in.stream(), in.name(), f.filter.on_bad_line);
  ToolOutput out(f.output);
  filter_lines(reader, out.stream(), make_function, f.filter);
  in.check_read();
  out.commit();
}

}  // namespace tolmach::tokenize_tool
