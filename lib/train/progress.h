#pragma once
// Training progress for people: a live one-line bar when stderr is a terminal (redrawn at
// most a few times a second), plain time-stamped log lines otherwise; every log line also
// goes to --log FILE when given.
#include <chrono>
#include <cstdint>
#include <fstream>
#include <memory>
#include <string>

namespace tolmach {

struct ProgressStatus {
  uint64_t epoch = 1;          // 1-based, as logged
  int64_t update = 0;
  int64_t total_updates = 0;   // 0 = unknown (no ETA)
  double words_per_second = 0;
  double loss = 0;             // mean per target token since the last report
  double lr = 0;
};

class Progress {
 public:
  // `live`: draw a bar on stderr (pass isatty(2)). `log_path`: also append log lines there.
  explicit Progress(bool live, const std::string& log_path = "");
  // Says nothing anywhere: the ranks other than 0 of a data-parallel run.
  static Progress silent();
  ~Progress();

  // Redraw the bar (no-op without a terminal or when drawn less than 0.2 s ago).
  void update(const ProgressStatus& status);
  // A log line: "[YYYY-MM-DD hh:mm:ss] text" on stderr (above the bar) and in the log file.
  void log(const std::string& text);
  // Clear the bar (before the tool exits).
  void finish();

  // "1h02m", "3m05s", "12s".
  static std::string format_duration(double seconds);

 private:
  struct Silent {};
  explicit Progress(Silent) : silent_(true), live_(false) {}
  void clear_bar();
  bool silent_ = false;
  bool live_;
  bool bar_shown_ = false;
  std::ofstream file_;
  std::chrono::steady_clock::time_point last_draw_{}, start_;
  int64_t first_update_ = -1;
};

}  // namespace tolmach
