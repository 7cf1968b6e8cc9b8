#include "train/progress.h"

#include <cerrno>
#include <cstring>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <sstream>

#include "base/error.h"

namespace tolmach {
namespace {

std::string timestamp() {
  std::time_t now = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", std::localtime(&now));
  return buf;
}

}  // namespace

Progress::Progress(bool live, const std::string& log_path)
    : live_(live), start_(std::chrono::steady_clock::now()) {
  if (!log_path.empty()) {
    file_.open(log_path, std::ios::app);
    if (!file_) throw InputError(log_path, 0, std::string("cannot open for writing: ") + std::strerror(errno));
  }
}

Progress::~Progress() { finish(); }

Progress Progress::silent() { return Progress(Silent{}); }

std::string Progress::format_duration(double s) {
  if (s < 0) s = 0;
  const long t = static_cast<long>(s + 0.5);
  char buf[32];
  if (t >= 3600) std::snprintf(buf, sizeof buf, "%ldh%02ldm", t / 3600, t / 60 % 60);
  else if (t >= 60) std::snprintf(buf, sizeof buf, "%ldm%02lds", t / 60, t % 60);
  else std::snprintf(buf, sizeof buf, "%lds", t);
  return buf;
}

void Progress::update(const ProgressStatus& st) {
  if (!live_) return;
  const auto now = std::chrono::steady_clock::now();
  if (first_update_ < 0) {
    first_update_ = st.update;
    start_ = now;
  }
  if (bar_shown_ && now - last_draw_ < std::chrono::milliseconds(200)) return;
  last_draw_ = now;
  std::ostringstream bar;
  bar << "ep " << st.epoch << " | up " << st.update;
  if (st.total_updates > 0) {
    const int width = 20;
    const int filled = static_cast<int>(width * std::min<double>(1.0, double(st.update) / st.total_updates));
    bar << "/" << st.total_updates << " [" << std::string(filled, '#') << std::string(width - filled, '.') << "]";
  }
  char nums[128];
  std::snprintf(nums, sizeof nums, " | %.0f words/s | loss %.3f | lr %.2e", st.words_per_second, st.loss, st.lr);
  bar << nums;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const int64_t done = st.update - first_update_;
  if (st.total_updates > 0 && done > 0)
    bar << " | ETA " << format_duration(elapsed / done * (st.total_updates - st.update));
  std::cerr << "\r\033[K" << bar.str() << std::flush;
  bar_shown_ = true;
}

void Progress::clear_bar() {
  if (bar_shown_) std::cerr << "\r\033[K";
  bar_shown_ = false;
}

void Progress::log(const std::string& text) {
  if (silent_) return;
  const std::string line = "[" + timestamp() + "] " + text + "\n";
  clear_bar();
  std::cerr << line << std::flush;
  if (file_.is_open()) file_ << line << std::flush;
}

void Progress::finish() {
  clear_bar();
  std::cerr << std::flush;
}

}  // namespace tolmach
