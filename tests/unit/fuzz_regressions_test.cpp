// Inputs the libFuzzer targets (tests/fuzz) crashed on, kept as regression tests: each must
// now be an InputError naming the file, like any other bad input.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "base/error.h"
#include "io/json_file.h"
#include "io/safetensors.h"

using namespace tolmach;

namespace {

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

// fuzz_safetensors: a header number too large for a double made nlohmann throw out_of_range,
// which escaped the reader's parse_error handler (a tool printed no file name).
TEST(FuzzRegressions, SafetensorsHeaderNumberOverflow) {
  const std::string bytes = read_bytes(TOLMACH_TEST_DATA "/fuzz/safetensors_number_overflow.bin");
  ASSERT_EQ(bytes.size(), 91u);
  try {
    SafetensorsFile::parse(bytes, "crash.safetensors");
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "crash.safetensors");
    EXPECT_NE(std::string(e.what()).find("out of range"), std::string::npos) << e.what();
  }
}

// The same in config.json (read_json_file / parse_json).
TEST(FuzzRegressions, JsonNumberOverflow) {
  try {
    parse_json("{\n  \"dim-emb\": 1e999\n}\n", "config.json");
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "config.json");
    EXPECT_NE(std::string(e.what()).find("out of range"), std::string::npos) << e.what();
  }
}
