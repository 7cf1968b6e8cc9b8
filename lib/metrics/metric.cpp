#include "metrics/metric.h"

#include <set>
#include <stdexcept>

#include "metrics/parallel.h"

namespace tolmach::metrics {

void Signature::set(const std::string& key, const std::string& value, const std::string& abbr) {
  for (auto& item : items_)
    if (item.key == key) {
      item.value = value;
      return;
    }
  items_.push_back({key, value, abbr.empty() ? key : abbr});
}

std::string Signature::str(bool short_form) const {
  std::string s;
  for (const auto& item : items_) {
    if (!s.empty()) s += '|';
    s += (short_form ? item.abbr : item.key) + ':' + item.value;
  }
  return s;
}

Signature Metric::signature(const std::vector<std::pair<std::string, std::string>>& extra) const {
  Signature sig;
  sig.set("nrefs", nrefs_, "#");
  for (const auto& kv : extra) sig.set(kv.first, kv.second, kv.first == "seed" ? "rs" : kv.first);
  signature_fields(sig);
  sig.set("version", TOLMACH_VERSION, "v");
  return sig;
}

std::vector<std::vector<std::string>> Metric::prepare_references(
    const RefStreams& refs, int threads, const std::function<std::string(const std::string&)>& prepare) {
  const size_t n = refs.empty() ? 0 : refs[0].size();
  std::vector<std::vector<std::string>> prepared(n);
  std::vector<size_t> counts(n);
  parallel_for(n, threads, [&](size_t i) {
    const auto kept = kept_refs(refs, i);
    counts[i] = kept.size();
    for (size_t k : kept) prepared[i].push_back(prepare(refs[k][i]));
  });
  num_segments_ = n;
  std::set<size_t> distinct(counts.begin(), counts.end());
  nrefs_ = distinct.size() == 1 ? std::to_string(*distinct.begin())
                                : (distinct.empty() ? "1" : "var");
  return prepared;
}

std::vector<size_t> kept_refs(const RefStreams& refs, size_t i) {
  std::vector<size_t> kept;
  for (size_t k = 0; k < refs.size(); ++k)
    if (!refs[k][i].empty()) kept.push_back(k);
  if (kept.empty())  // every reference empty: score against the empty reference(s)
    for (size_t k = 0; k < refs.size(); ++k) kept.push_back(k);
  return kept;
}

std::vector<double> corpus_statistics(const Metric& m, const std::vector<std::string>& hyps,
                                      int threads) {
  if (hyps.size() != m.num_segments())
    throw std::runtime_error("hypothesis has " + std::to_string(hyps.size()) +
                             " segments but the references have " +
                             std::to_string(m.num_segments()));
  const size_t k = m.num_stats();
  std::vector<double> stats(hyps.size() * k);
  parallel_for(hyps.size(), threads, [&](size_t i) { m.segment_stats(hyps[i], i, &stats[i * k]); });
  return stats;
}

std::vector<double> sum_statistics(const std::vector<double>& stats, size_t k) {
  std::vector<double> total(k, 0.0);
  for (size_t i = 0; i + k <= stats.size(); i += k)
    for (size_t j = 0; j < k; ++j) total[j] += stats[i + j];
  return total;
}

Score corpus_score(const Metric& m, const std::vector<std::string>& hyps, int threads) {
  const auto stats = corpus_statistics(m, hyps, threads);
  return m.score(sum_statistics(stats, m.num_stats()).data());
}

}  // namespace tolmach::metrics
