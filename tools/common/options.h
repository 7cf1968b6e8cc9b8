#pragma once
// The options every tool shares, each with one rule defined once (the rules live in lib/ with
// unit tests; these bind them to Boost flags):
//   --threads N    0 = all cores, below 0 bad usage (threads_from_flag); stored as the count
//   --precision P  float32 | bfloat16 | int8 (nn::parse_precision_flag), bad usage otherwise
//   defaults       taken from the option struct's own initialiser, floats shown as typed (0.6)
// Input and output files go through ToolInput / ToolOutput (io/tool_streams.h).
#include <boost/program_options.hpp>

#include <optional>
#include <string>
#include <type_traits>

#include "base/float_text.h"
#include "nn/precision.h"

namespace tolmach::tool {

namespace po = boost::program_options;

// --threads: `threads` holds the thread count to use after parsing (never 0). Without a
// default flag value `threads` keeps what it holds unless the flag is given.
po::typed_value<int>* threads_value(int& threads, std::optional<int> default_flag = 1);

// --precision with no default: `precision` stays empty unless the flag is given.
po::typed_value<std::string>* precision_value(std::optional<nn::Precision>& precision);

// A flag whose default is the current value of `x` (the struct's initialiser: stated once).
template <class T>
po::typed_value<T>* defaulted(T& x) {
  if constexpr (std::is_floating_point_v<T>) return po::value(&x)->default_value(x, float_text(x));
  else return po::value(&x)->default_value(x);
}

}  // namespace tolmach::tool
