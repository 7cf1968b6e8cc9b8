// run_tool: every failure becomes exactly one stderr line "<tool>: <reason>" and the
// conventional exit code (1 bad input, 2 bad usage, 3 internal error); success codes pass through.
#include <gtest/gtest.h>

#include <iostream>
#include <sstream>
#include <stdexcept>

#include "base/check.h"
#include "base/error.h"
#include "base/tool_main.h"

namespace tolmach {
namespace {

struct Result {
  int code;
  std::string err;
};

// Run `body` through run_tool with std::cerr captured.
Result run(const std::function<int()>& body) {
  std::ostringstream captured;
  std::streambuf* old = std::cerr.rdbuf(captured.rdbuf());
  const int code = run_tool("tolmach-test", body);
  std::cerr.rdbuf(old);
  return {code, captured.str()};
}

TEST(ToolMain, SuccessPassesThrough) {
  EXPECT_EQ(run([] { return 0; }).code, 0);
  const Result r = run([] { return 3; });
  EXPECT_EQ(r.code, 3);
  EXPECT_EQ(r.err, "");
}

TEST(ToolMain, InputErrorExitsOneWithFileAndLine) {
  Result r = run([]() -> int { throw InputError("corpus.de", 17, "invalid UTF-8 at byte 4"); });
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "tolmach-test: corpus.de:17: invalid UTF-8 at byte 4\n");
  r = run([]() -> int { throw InputError("model/config.json", 0, "missing"); });
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "tolmach-test: model/config.json: missing\n");
}

TEST(ToolMain, UsageErrorExitsTwo) {
  const Result r = run([]() -> int { throw UsageError("--beam-size must be positive"); });
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "tolmach-test: --beam-size must be positive\n");
}

TEST(ToolMain, OtherExceptionsExitOne) {
  Result r = run([]() -> int { throw std::runtime_error("out.txt: cannot open for writing"); });
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "tolmach-test: out.txt: cannot open for writing\n");
  r = run([]() -> int { throw 42; });
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "tolmach-test: unknown error\n");
}

TEST(ToolMain, FailedCheckIsAnInternalErrorNamingTheSourceLine) {
  const int line = __LINE__ + 1;
  const Result r = run([]() -> int { TOLMACH_CHECK(1 + 1 == 3, "arithmetic is broken"); return 0; });
  EXPECT_EQ(r.code, kExitInternalError);
  EXPECT_EQ(r.code, 3);
  // The path is the project's (CMake maps the checkout prefix away), the condition is quoted.
  EXPECT_EQ(r.err, "tolmach-test: internal error: tests/unit/base_tool_main_test.cpp:" + std::to_string(line) +
                       ": arithmetic is broken [1 + 1 == 3]\n");
}

TEST(ToolMain, InternalErrorIsALogicErrorNotBadInput) {
  const InternalError e("lib/x.cpp", 7, "broken");
  EXPECT_STREQ(e.what(), "internal error: lib/x.cpp:7: broken");
  EXPECT_NE(dynamic_cast<const std::logic_error*>(&e), nullptr);
  // Other logic_errors (std::invalid_argument from a parser) stay bad input.
  const Result r = run([]() -> int { throw std::invalid_argument("not a number: 'x'"); });
  EXPECT_EQ(r.code, 1);
}

TEST(ToolMain, InputErrorAccessors) {
  const InputError e("f.txt", 3, "bad");
  EXPECT_EQ(e.file(), "f.txt");
  EXPECT_EQ(e.line(), 3u);
  EXPECT_STREQ(e.what(), "f.txt:3: bad");
}

}  // namespace
}  // namespace tolmach
