#include "common/options.h"

#include "tensor/threads.h"

namespace tolmach::tool {

po::typed_value<int>* threads_value(int& threads, std::optional<int> default_flag) {
  // The notifier replaces the flag's value by the count.
  auto* v = po::value<int>()->notifier([&threads](int n) { threads = threads_from_flag(n); });
  return default_flag ? v->default_value(*default_flag) : v;
}

po::typed_value<std::string>* precision_value(std::optional<nn::Precision>& precision) {
  return po::value<std::string>()->notifier(
      [&precision](const std::string& name) { precision = nn::parse_precision_flag(name); });
}

}  // namespace tolmach::tool
