// safetensors writer / reader: reference byte layout, round trips, an independent reader,
// refusal of every kind of malformed file, and truncation / byte-flip robustness.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <sstream>

#include "base/error.h"
#include "io/safetensors.h"
#include "test_util.h"

namespace tolmach {
namespace {

using test::TempDir;

std::string serialize(const std::vector<TensorRecord>& tensors,
                      const SafetensorsMetadata& meta = {}) {
  std::ostringstream out;
  write_safetensors(out, tensors, meta);
  return out.str();
}

std::string bytes_of(std::initializer_list<int> v) {
  std::string s;
  for (int b : v) s.push_back(static_cast<char>(b));
  return s;
}

const std::vector<float> kSix = {0, 1, 2, 3, 4, 5};

// Golden bytes from the reference implementation's own test suite
// (huggingface/safetensors, safetensors/src/tensor.rs: test_serialization).
TEST(Safetensors, MatchesReferenceBytes) {
  const std::string expected =
      bytes_of({64, 0,  0,   0,   0,   0,   0,   0,   123, 34,  97,  116, 116, 110, 46,  48,
                34, 58, 123, 34,  100, 116, 121, 112, 101, 34,  58,  34,  70,  51,  50,  34,
                44, 34, 115, 104, 97,  112, 101, 34,  58,  91,  49,  44,  50,  44,  51,  93,
                44, 34, 100, 97,  116, 97,  95,  111, 102, 102, 115, 101, 116, 115, 34,  58,
                91, 48, 44,  50,  52,  93,  125, 125, 0,   0,   0,   0,   0,   0,   128, 63,
                0,  0,  0,   64,  0,   0,   64,  64,  0,   0,   128, 64,  0,   0,   160, 64});
  EXPECT_EQ(serialize({{"attn.0", SafetensorsDType::F32, {1, 2, 3}, kSix.data(), 24}}), expected);
  // And we read the reference's bytes back.
  const auto file = SafetensorsFile::parse(expected, "reference");
  ASSERT_EQ(file.tensors().size(), 1u);
  const TensorRecord& t = file.at("attn.0");
  EXPECT_EQ(t.dtype, SafetensorsDType::F32);
  EXPECT_EQ(t.shape, (std::vector<int64_t>{1, 2, 3}));
  std::vector<float> values(6);
  ASSERT_EQ(t.nbytes, 24u);
  std::memcpy(values.data(), t.data, 24);
  EXPECT_EQ(values, kSix);
  EXPECT_TRUE(file.metadata().empty());
}

// test_serialization_forced_alignement: header padded with spaces to 8 bytes.
TEST(Safetensors, PadsHeaderWithSpacesLikeReference) {
  const std::string expected = bytes_of(
      {72,  0,   0,   0,   0,   0,   0,   0,   123, 34, 97, 116, 116, 110, 48,  34,  58,  123,
       34,  100, 116, 121, 112, 101, 34,  58,  34,  70, 51, 50,  34,  44,  34,  115, 104, 97,
       112, 101, 34,  58,  91,  49,  44,  49,  44,  50, 44, 51,  93,  44,  34,  100, 97,  116,
       97,  95,  111, 102, 102, 115, 101, 116, 115, 34, 58, 91,  48,  44,  50,  52,  93,  125,
       125, 32,  32,  32,  32,  32,  32,  32,  0,   0,  0,  0,   0,   0,   128, 63,  0,   0,
       0,   64,  0,   0,   64,  64,  0,   0,   128, 64, 0,  0,   160, 64});
  EXPECT_EQ(serialize({{"attn0", SafetensorsDType::F32, {1, 1, 2, 3}, kSix.data(), 24}}), expected);
}

// test_empty: no tensors, with and without metadata.
TEST(Safetensors, EmptyFileMatchesReference) {
  EXPECT_EQ(serialize({}), bytes_of({8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32}));
  EXPECT_EQ(serialize({}, {{"framework", "pt"}}),
            bytes_of({40,  0,   0,   0,  0,  0,  0,   0,   123, 34,  95,  95,  109, 101, 116, 97,
                      100, 97,  116, 97, 95, 95, 34,  58,  123, 34,  102, 114, 97,  109, 101, 119,
                      111, 114, 107, 34, 58, 34, 112, 116, 34,  125, 125, 32,  32,  32,  32,  32}));
  const auto file = SafetensorsFile::parse(serialize({}, {{"framework", "pt"}}), "mem");
  EXPECT_TRUE(file.tensors().empty());
  EXPECT_EQ(file.metadata().at("framework"), "pt");
}

// A mix of dtypes and shapes (scalar, empty, 3-d) used by the round-trip tests.
struct Sample {
  std::vector<float> w = {1.5f, -2.25f, 3.0f, 1e-7f, -0.0f, 65504.0f};
  std::vector<uint16_t> bf16 = {0x3F80, 0xC000, 0x4049, 0x0000};  // 1, -2, 3.140625, 0
  std::vector<int8_t> q = {-128, -1, 0, 1, 127};
  std::vector<int64_t> ids = {INT64_MIN, -1, 0, 42, INT64_MAX};
  std::vector<int32_t> scalar = {7};
  std::vector<uint8_t> mask = {1, 0, 1};
  std::vector<double> d = {0.1, -1e300};

  std::vector<TensorRecord> records() const {
    return {{"decoder.w", SafetensorsDType::F32, {2, 3}, w.data(), w.size() * 4},
            {"emb.bf16", SafetensorsDType::BF16, {2, 2}, bf16.data(), bf16.size() * 2},
            {"quant.q", SafetensorsDType::I8, {5}, q.data(), q.size()},
            {"ids", SafetensorsDType::I64, {5}, ids.data(), ids.size() * 8},
            {"step", SafetensorsDType::I32, {}, scalar.data(), 4},
            {"mask", SafetensorsDType::U8, {1, 3, 1}, mask.data(), mask.size()},
            {"empty", SafetensorsDType::F32, {0, 3}, nullptr, 0},
            {"a.f64", SafetensorsDType::F64, {2}, d.data(), d.size() * 8}};
  }
};

TEST(Safetensors, RoundTripThroughFile) {
  TempDir tmp;
  const Sample s;
  const auto records = s.records();
  write_safetensors(tmp / "m.safetensors", records, {{"format", "pt"}, {"note", "héllo"}});
  EXPECT_EQ(test::list_dir(tmp.path()), std::vector<std::string>{"m.safetensors"});  // no temp left

  const SafetensorsFile file = read_safetensors(tmp / "m.safetensors");
  ASSERT_EQ(file.tensors().size(), records.size());
  EXPECT_EQ(file.metadata(), (SafetensorsMetadata{{"format", "pt"}, {"note", "héllo"}}));
  for (const auto& r : records) {
    SCOPED_TRACE(r.name);
    const TensorRecord& got = file.at(r.name);
    EXPECT_EQ(got.dtype, r.dtype);
    EXPECT_EQ(got.shape, r.shape);
    ASSERT_EQ(got.nbytes, r.nbytes);
    if (r.nbytes) {
      EXPECT_EQ(std::memcmp(got.data, r.data, r.nbytes), 0);
    }
    // Reference ordering makes every tensor aligned to its element size.
    EXPECT_EQ(reinterpret_cast<uintptr_t>(got.data) % dtype_size(got.dtype), 0u);
  }
  // File order is the reference order: descending dtype, then name.
  std::vector<std::string> order;
  for (const auto& t : file.tensors()) order.push_back(t.name);
  EXPECT_EQ(order, (std::vector<std::string>{"ids", "a.f64", "decoder.w", "empty", "step",
                                             "emb.bf16", "quant.q", "mask"}));
  EXPECT_EQ(file.find("nope"), nullptr);
  EXPECT_THROW(file.at("nope"), InputError);

  // Views stay valid through a copy after the original is gone (shared mapping).
  std::optional<SafetensorsFile> original = read_safetensors(tmp / "m.safetensors");
  const SafetensorsFile copy = *original;
  original.reset();
  float first;
  std::memcpy(&first, copy.at("decoder.w").data, 4);
  EXPECT_EQ(first, 1.5f);
}

// Read our file back with a reader that shares no code with us (python3 struct + json).
TEST(Safetensors, IndependentPythonReaderAgrees) {
  if (std::system("python3 -c 'import json, struct' >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "python3 not available";
  TempDir tmp;
  const Sample s;
  write_safetensors(tmp / "m.safetensors", s.records(), {{"format", "pt"}});
  const std::string cmd = std::string("python3 ") + TOLMACH_TEST_DATA + "/io/read_safetensors.py " +
                          tmp / "m.safetensors" + " > " + tmp / "dump.json";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  const auto dump = nlohmann::json::parse(test::read_bytes(tmp / "dump.json"));
  EXPECT_EQ(dump["metadata"]["format"], "pt");
  EXPECT_EQ(dump["header_len"].get<int>() % 8, 0);
  const auto& t = dump["tensors"];
  ASSERT_EQ(t.size(), 8u);
  EXPECT_EQ(t["decoder.w"]["dtype"], "F32");
  EXPECT_EQ(t["decoder.w"]["shape"], nlohmann::json({2, 3}));
  for (size_t i = 0; i < s.w.size(); ++i)
    EXPECT_EQ(t["decoder.w"]["values"][i].get<float>(), s.w[i]);
  EXPECT_EQ(t["emb.bf16"]["values"], nlohmann::json({1.0, -2.0, 3.140625, 0.0}));
  EXPECT_EQ(t["quant.q"]["values"], nlohmann::json({-128, -1, 0, 1, 127}));
  EXPECT_EQ(t["ids"]["values"], nlohmann::json(s.ids));
  EXPECT_EQ(t["step"]["shape"], nlohmann::json::array());
  EXPECT_EQ(t["step"]["values"], nlohmann::json({7}));
  EXPECT_EQ(t["mask"]["shape"], nlohmann::json({1, 3, 1}));
  EXPECT_EQ(t["empty"]["shape"], nlohmann::json({0, 3}));
  EXPECT_EQ(t["empty"]["values"], nlohmann::json::array());
  EXPECT_EQ(t["a.f64"]["values"], nlohmann::json(s.d));
}

TEST(Safetensors, WriterRefusesInconsistentRecords) {
  const std::vector<float> v(6);
  const auto refuses = [](std::vector<TensorRecord> r) {
    std::ostringstream out;
    EXPECT_THROW(write_safetensors(out, r), std::invalid_argument);
  };
  refuses({{"a", SafetensorsDType::F32, {2, 3}, v.data(), 20}});         // size mismatch
  refuses({{"a", SafetensorsDType::F32, {-1}, v.data(), 4}});            // negative dim
  refuses({{"", SafetensorsDType::F32, {1}, v.data(), 4}});              // empty name
  refuses({{"__metadata__", SafetensorsDType::F32, {1}, v.data(), 4}});  // reserved
  refuses({{"a", SafetensorsDType::F32, {1}, v.data(), 4},
           {"a", SafetensorsDType::F32, {1}, v.data(), 4}});
  refuses({{"a\xff", SafetensorsDType::F32, {1}, v.data(), 4}});  // not UTF-8
  refuses({{"a", SafetensorsDType::F32, {2}, nullptr, 8}});       // no data
}

// --- malformed files --------------------------------------------------------------------

// A file with the given header text (padded to 8) and data bytes.
std::string make_file(std::string header, const std::string& data) {
  header.append((8 - header.size() % 8) % 8, ' ');
  const uint64_t n = header.size();
  std::string out(reinterpret_cast<const char*>(&n), 8);
  return out + header + data;
}

// Expect read_safetensors(path) to throw InputError naming the file and saying `what`.
void expect_refused(const std::string& bytes, const std::string& what) {
  TempDir tmp;
  const std::string path = tmp / "bad.safetensors";
  test::write_bytes(path, bytes);
  try {
    read_safetensors(path);
    ADD_FAILURE() << "accepted a bad file; expected: " << what;
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), path);
    EXPECT_EQ(std::string(e.what()).rfind(path + ": ", 0), 0u) << e.what();
    EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << "one line";
  }
}

const std::string k8(8, '\0');  // 8 data bytes

TEST(Safetensors, RefusesMalformedFiles) {
  const std::string ok = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
  ASSERT_NO_THROW(SafetensorsFile::parse(make_file(ok, k8), "ok"));

  expect_refused("", "too short");
  expect_refused("\x10\0\0", "too short");
  {  // header length beyond the file
    std::string f = make_file(ok, k8);
    f[0] = static_cast<char>(0xF0);
    expect_refused(f, "runs past the end of the file");
  }
  {  // absurd header length
    std::string f = make_file(ok, k8);
    f[5] = 1;
    expect_refused(f, "implausibly large");
  }
  expect_refused(make_file(R"({"a":{"dtype":"F32",)", k8), "not valid JSON");
  expect_refused(make_file("[1, 2]", ""), "does not start with '{'");
  expect_refused(make_file(R"({"a":{"dtype":"F17","shape":[2],"data_offsets":[0,8]}})", k8),
                 "unknown dtype \"F17\"");
  expect_refused(make_file(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,16]}})", k8),
                 "outside the data section");
  expect_refused(make_file(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}})", k8 + k8),
                 "outside the data section");
  expect_refused(make_file(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", k8),
                 "need 12 bytes but data_offsets span 8");
  expect_refused(make_file(R"({"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", k8),
                 "not a non-negative integer");
  expect_refused(make_file(R"({"a":{"dtype":"F32","shape":[2.0],"data_offsets":[0,8]}})", k8),
                 "not a non-negative integer");
  expect_refused(
      make_file(
          R"({"a":{"dtype":"F32","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,8]}})",
          k8),
      "overflows");
  expect_refused(make_file(R"({"a":{"dtype":"F32","shape":[2]}})", k8), "needs \"dtype\"");
  expect_refused(make_file(R"({"a":[1,2]})", k8), "not an object");
  expect_refused(make_file(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0]}})", k8),
                 "pair of non-negative integers");
  expect_refused(make_file(R"({"__metadata__":{"k":1}})", ""), "is not a string");
  expect_refused(make_file(R"({"__metadata__":[]})", ""), "not an object of strings");
  EXPECT_TRUE(SafetensorsFile::parse(make_file(R"({"__metadata__":null})", ""), "m").metadata().empty());
  // Overlapping, gap, leftover data.
  expect_refused(make_file(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                           R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                           k8 + k8),
                 "overlapping or non-contiguous");
  expect_refused(make_file(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                           R"("b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})",
                           k8 + "1234"),
                 "overlapping or non-contiguous");
  expect_refused(make_file(ok, k8 + "x"), "tensors cover 8 of 9 data bytes");
  // Not a file at all.
  TempDir tmp;
  EXPECT_THROW(read_safetensors(tmp / "missing.safetensors"), InputError);
  try {
    read_safetensors(tmp.path());
    ADD_FAILURE();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("not a regular file"), std::string::npos);
  }
}

// A load that succeeded must describe exactly the data section of `bytes`; touching every
// byte lets AddressSanitizer catch a view that strays outside the buffer (parse() path).
void expect_views_tile_data(const SafetensorsFile& f, const std::string& bytes) {
  uint64_t header_len;
  std::memcpy(&header_len, bytes.data(), 8);
  size_t total = 0;
  unsigned sum = 0;
  for (const auto& t : f.tensors()) {
    total += t.nbytes;
    for (size_t i = 0; i < t.nbytes; ++i) sum += static_cast<const unsigned char*>(t.data)[i];
  }
  EXPECT_EQ(8 + header_len + total, bytes.size());
  (void)sum;
}

// Outcome of loading `bytes` both from a file (mmap) and from memory: true when loaded.
bool load_both_ways(const std::string& bytes, const std::string& path) {
  test::write_bytes(path, bytes);
  bool from_file = false, from_memory = false;
  try {
    expect_views_tile_data(read_safetensors(path), bytes);
    from_file = true;
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), path);
  }
  try {
    expect_views_tile_data(SafetensorsFile::parse(bytes, "mem"), bytes);
    from_memory = true;
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "mem");
  }
  EXPECT_EQ(from_file, from_memory);
  return from_file;
}

// Every truncation of a valid file is refused; byte flips at every position and random
// multi-byte damage give either an error or a consistent load: never a crash.
TEST(Safetensors, TruncationsAndByteFlipsNeverCrash) {
  const std::vector<float> w = {1, 2, 3, 4, 5, 6};
  const std::vector<uint16_t> h = {1, 2};
  const std::vector<int8_t> q = {1, 2, 3};
  const std::string good = serialize({{"w", SafetensorsDType::F32, {2, 3}, w.data(), 24},
                                      {"h", SafetensorsDType::BF16, {2}, h.data(), 4},
                                      {"q", SafetensorsDType::I8, {3}, q.data(), 3}},
                                     {{"k", "v"}});
  TempDir tmp;
  const std::string path = tmp / "f.safetensors";
  ASSERT_TRUE(load_both_ways(good, path));
  for (size_t len = 0; len < good.size(); ++len)
    EXPECT_FALSE(load_both_ways(good.substr(0, len), path)) << "truncated to " << len;

  size_t loaded = 0, refused = 0;
  for (size_t pos = 0; pos < good.size(); ++pos) {
    for (unsigned char flip : {0x01, 0x02, 0x10, 0x20, 0x80, 0xFF}) {
      std::string bad = good;
      bad[pos] = static_cast<char>(bad[pos] ^ flip);
      (load_both_ways(bad, path) ? loaded : refused)++;
    }
  }
  // Flips in the data section load fine (the format has no checksum); flips in the
  // length field or JSON structure are refused.
  EXPECT_GT(loaded, 0u);
  EXPECT_GT(refused, 0u);

  // Random damage to the header: overwrite 1-4 bytes with digits, JSON punctuation or
  // anything (fixed seed, so failures reproduce).
  std::mt19937 rng(12345);
  const std::string alphabet = "0123456789[]{},:\"-e. \xff";
  uint64_t header_len;
  std::memcpy(&header_len, good.data(), 8);
  for (int iter = 0; iter < 3000; ++iter) {
    std::string bad = good;
    for (int k = 0, n = 1 + rng() % 4; k < n; ++k) {
      const size_t pos = 8 + rng() % header_len;
      bad[pos] = rng() % 2 ? alphabet[rng() % alphabet.size()] : static_cast<char>(rng());
    }
    try {
      expect_views_tile_data(SafetensorsFile::parse(bad, "mem"), bad);
    } catch (const InputError&) {
    }
  }
}

}  // namespace
}  // namespace tolmach
