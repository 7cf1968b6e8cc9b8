// float_text / float_as_typed: a float setting shown (--help) and stored (config.json) as
// the user typed it, and still exactly the same float when read back.
#include "base/float_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

namespace tolmach {
namespace {

TEST(FloatText, ShortestRoundTrip) {
  EXPECT_EQ(float_text(0.6f), "0.6");
  EXPECT_EQ(float_text(0.3f), "0.3");
  EXPECT_EQ(float_text(1e-4f), "0.0001");
  EXPECT_EQ(float_text(3.f), "3");
  EXPECT_EQ(float_text(0.f), "0");
  EXPECT_EQ(float_text(-2.5f), "-2.5");
  EXPECT_EQ(float_text(0.9995f), "0.9995");
  EXPECT_EQ(float_text(0.08), "0.08");  // doubles too (fast_align's -q default)
  EXPECT_EQ(float_text(1e-9f), "1e-9");  // long in decimals: scientific, no padded exponent
  EXPECT_EQ(float_text(3e20f), "3e20");
  for (float x : {0.1f, 0.6f, 1e-4f, 3e-4f, 0.1234567f, 12345.678f, std::numeric_limits<float>::min()})
    EXPECT_EQ(std::strtof(float_text(x).c_str(), nullptr), x) << float_text(x);
}

TEST(FloatText, JsonStoresTheTypedDecimal) {
  nlohmann::json j;
  j["raw"] = 0.3f;  // what config.json used to hold
  j["typed"] = float_as_typed(0.3f);
  EXPECT_EQ(j["raw"].dump(), "0.30000001192092896");
  EXPECT_EQ(j["typed"].dump(), "0.3");
  EXPECT_EQ(j["typed"].get<float>(), 0.3f);  // read back as a float: the same value
  EXPECT_EQ(static_cast<float>(float_as_typed(0.1f)), 0.1f);
}

}  // namespace
}  // namespace tolmach
