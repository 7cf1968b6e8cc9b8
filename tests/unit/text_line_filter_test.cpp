// The streaming line filter: order, errors at the right line, per-thread functions.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <sstream>
#include <thread>

#include "base/error.h"
#include "text/line_filter.h"

using namespace tolmach;

namespace {

std::string numbered_lines(int n) {
  std::string s;
  for (int i = 1; i <= n; ++i) s += (i % 7 == 0 ? std::string() : "line " + std::to_string(i)) + "\n";
  return s;
}

// Reverses each line; sleeps a little on some lines so threads finish out of order.
LineFunction reverser() {
  return [](const std::string& line, std::string& out) {
    if (line.size() % 3 == 0) std::this_thread::sleep_for(std::chrono::microseconds(50));
    out.assign(line.rbegin(), line.rend());
  };
}

std::string run(const std::string& input, int threads, size_t batch, const std::function<LineFunction()>& make) {
  std::istringstream in(input);
  LineReader reader(in, "in.txt");
  std::ostringstream out;
  LineFilterOptions o;
  o.threads = threads;
  o.batch_lines = batch;
  filter_lines(reader, out, make, o);
  return out.str();
}

}  // namespace

TEST(LineFilter, ThreadsKeepOrderAndEmptyLines) {
  const std::string input = numbered_lines(2000);
  const std::string serial = run(input, 1, 256, reverser);
  // Independent expectation: reverse every line by hand.
  std::istringstream lines(input);
  std::string line, expected;
  while (std::getline(lines, line)) expected += std::string(line.rbegin(), line.rend()) + "\n";
  EXPECT_EQ(serial, expected);
  for (int threads : {2, 3, 8})
    for (size_t batch : {1, 5, 256}) EXPECT_EQ(run(input, threads, batch, reverser), expected) << threads << "/" << batch;
}

TEST(LineFilter, EmptyInputGivesEmptyOutput) {
  EXPECT_EQ(run("", 1, 4, reverser), "");
  EXPECT_EQ(run("", 4, 4, reverser), "");
  EXPECT_EQ(run("\n\n", 4, 1, reverser), "\n\n");
}

TEST(LineFilter, MakesOneFunctionPerWorker) {
  std::atomic<int> made{0};
  auto make = [&]() -> LineFunction {
    ++made;
    return [](const std::string& l, std::string& o) { o = l; };
  };
  run(numbered_lines(10), 3, 2, make);
  EXPECT_EQ(made.load(), 3);
}

TEST(LineFilter, RejectedLineIsNamedAndEarlierLinesAreWritten) {
  auto make = []() -> LineFunction {
    return [](const std::string& line, std::string& out) {
      if (line == "line 500") throw std::invalid_argument("bad token");
      out = line;
    };
  };
  for (int threads : {1, 2, 4}) {
    std::istringstream in(numbered_lines(1000));
    LineReader reader(in, "in.txt");
    std::ostringstream out;
    LineFilterOptions o;
    o.threads = threads;
    o.batch_lines = 16;
    try {
      filter_lines(reader, out, make, o);
      FAIL() << "no error";
    } catch (const InputError& e) {
      EXPECT_EQ(e.line(), 500u);
      EXPECT_EQ(std::string(e.what()), "in.txt:500: bad token");
    }
    const std::string prefix = numbered_lines(499);
    EXPECT_EQ(out.str(), prefix) << "threads " << threads;
  }
}

TEST(LineFilter, InvalidUtf8StopsAtItsLineUnlessReplaced) {
  const std::string input = numbered_lines(300) + "bad \xff\n" + numbered_lines(3);
  for (int threads : {1, 2}) {
    std::istringstream in(input);
    LineReader reader(in, "in.txt");
    std::ostringstream out;
    LineFilterOptions o;
    o.threads = threads;
    o.batch_lines = 64;
    auto copy = []() -> LineFunction { return [](const std::string& l, std::string& o) { o = l; }; };
    try {
      filter_lines(reader, out, copy, o);
      FAIL() << "no error";
    } catch (const InputError& e) {
      EXPECT_EQ(e.line(), 301u);
    }
    EXPECT_EQ(out.str(), numbered_lines(300));
    std::istringstream in2(input);
    LineReader reader2(in2, "in.txt");
    std::ostringstream out2;
    o.replace_invalid = true;
    filter_lines(reader2, out2, copy, o);
    EXPECT_EQ(out2.str(), numbered_lines(300) + "bad \xef\xbf\xbd\n" + numbered_lines(3));
  }
}
