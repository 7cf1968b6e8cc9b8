#include "text/line_filter.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "base/error.h"

namespace tolmach {
namespace {

// Runs f on one line; when f rejects it, names the line and applies the policy. False: drop
// the line (no output at all).
bool apply(const LineFunction& f, const std::string& line, std::string& out, const std::string& file,
           size_t line_no, BadLinePolicy policy) {
  try {
    f(line, out);
    return true;
  } catch (const InternalError&) {  // a bug stays a bug, not a bad line
    throw;
  } catch (const InputError& e) {
    out.clear();
    return BadLines(policy).keep_empty(e);
  } catch (const std::exception& e) {
    out.clear();
    return BadLines(policy).keep_empty(file, line_no, e.what());
  }
}

void filter_serial(LineReader& reader, std::ostream& out, const LineFunction& f, const LineFilterOptions& options) {
  std::string line, result;
  try {
    while (true) {
      if (!reader.has_buffered_input()) out.flush();  // about to wait for input
      if (!reader.next(line, options.replace_invalid)) break;
      result.clear();
      if (reader.blanked() || apply(f, line, result, reader.name(), reader.line_number(), options.on_bad_line))
        out << result << '\n';
    }
  } catch (...) {
    out.flush();  // every line before the bad one is out
    throw;
  }
  out.flush();
}

struct Batch {
  std::vector<size_t> line_numbers;  // of each line (skipped bad lines leave gaps)
  std::vector<bool> blanked;         // an empty line in place of a bad one: written as it is
  std::vector<std::string> lines;
  std::string output;
  std::exception_ptr error;
  bool done = false;
};

// One reader thread cuts the input into batches (a short one whenever input pauses),
// workers fill them in, and the calling thread writes them out in order.
class ParallelFilter {
 public:
  ParallelFilter(LineReader& reader, std::ostream& out, const LineFilterOptions& options)
      : reader_(reader), out_(out), options_(options),
        max_in_flight_(4 * static_cast<size_t>(options.threads)) {}

  void run(const std::function<LineFunction()>& make_function) {
    std::vector<LineFunction> functions;  // made here, so their errors surface here
    for (int i = 0; i < options_.threads; ++i) functions.push_back(make_function());
    std::vector<std::thread> threads;
    threads.emplace_back([this] { read(); });
    for (auto& f : functions) threads.emplace_back([this, f = std::move(f)] { work(f); });
    std::exception_ptr error = write();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    work_ready_.notify_all();
    space_ready_.notify_all();
    for (auto& t : threads) t.join();
    if (!error) error = read_error_;
    if (error) std::rethrow_exception(error);
  }

 private:
  void dispatch(std::shared_ptr<Batch>& batch) {
    std::unique_lock<std::mutex> lock(mutex_);
    space_ready_.wait(lock, [&] { return stop_ || in_flight_.size() < max_in_flight_; });
    in_flight_.push_back(batch);
    todo_.push_back(batch);
    work_ready_.notify_one();
    batch = std::make_shared<Batch>();
  }

  void read() {
    auto batch = std::make_shared<Batch>();
    try {
      std::string line;
      while (!stopped()) {
        const bool more_buffered = reader_.has_buffered_input();
        if (!batch->lines.empty() && (batch->lines.size() >= options_.batch_lines || !more_buffered))
          dispatch(batch);  // full, or the input paused: don't sit on what we have
        if (!reader_.next(line, options_.replace_invalid)) break;
        batch->line_numbers.push_back(reader_.line_number());
        batch->blanked.push_back(reader_.blanked());
        batch->lines.push_back(std::move(line));
      }
    } catch (...) {
      read_error_ = std::current_exception();  // written before input_done_ is set
    }
    if (!batch->lines.empty()) dispatch(batch);
    std::lock_guard<std::mutex> lock(mutex_);
    input_done_ = true;
    work_ready_.notify_all();
    batch_done_.notify_all();
  }

  void work(const LineFunction& f) {
    std::string result;
    while (true) {
      std::shared_ptr<Batch> batch;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        work_ready_.wait(lock, [&] { return stop_ || input_done_ || !todo_.empty(); });
        if (stop_ || (todo_.empty() && input_done_)) return;  // stop_: an error, drop the rest
        if (todo_.empty()) continue;
        batch = todo_.front();
        todo_.pop_front();
      }
      try {
        for (size_t i = 0; i < batch->lines.size(); ++i) {
          result.clear();
          const bool keep = batch->blanked[i] || apply(f, batch->lines[i], result, reader_.name(),
                                                        batch->line_numbers[i], options_.on_bad_line);
          if (!keep) continue;
          batch->output += result;
          batch->output += '\n';
        }
      } catch (...) {
        batch->error = std::current_exception();
      }
      std::lock_guard<std::mutex> lock(mutex_);
      batch->done = true;
      batch_done_.notify_all();
    }
  }

  // Returns the first line error in input order (after writing every line before it).
  std::exception_ptr write() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
      if (in_flight_.empty() || !in_flight_.front()->done) {
        if (in_flight_.empty() && input_done_) break;
        lock.unlock();
        out_.flush();  // about to wait: let what is written so far out
        lock.lock();
        batch_done_.wait(lock, [&] {
          return (!in_flight_.empty() && in_flight_.front()->done) || (in_flight_.empty() && input_done_);
        });
        continue;
      }
      auto batch = in_flight_.front();
      in_flight_.pop_front();
      space_ready_.notify_one();
      lock.unlock();
      out_ << batch->output;
      if (batch->error) {
        out_.flush();
        return batch->error;
      }
      lock.lock();
    }
    lock.unlock();
    out_.flush();
    return nullptr;
  }

  bool stopped() {
    std::lock_guard<std::mutex> lock(mutex_);
    return stop_;
  }

  LineReader& reader_;
  std::ostream& out_;
  const LineFilterOptions& options_;
  const size_t max_in_flight_;

  std::mutex mutex_;
  std::condition_variable work_ready_, batch_done_, space_ready_;
  std::deque<std::shared_ptr<Batch>> in_flight_;  // dispatched, in input order
  std::deque<std::shared_ptr<Batch>> todo_;       // dispatched, not yet taken by a worker
  bool input_done_ = false, stop_ = false;
  std::exception_ptr read_error_;
};

}  // namespace

void filter_lines(LineReader& reader, std::ostream& out, const std::function<LineFunction()>& make_function,
                  const LineFilterOptions& options) {
  if (options.threads <= 1) {
    filter_serial(reader, out, make_function(), options);
  } else {
    ParallelFilter(reader, out, options).run(make_function);
  }
}

}  // namespace tolmach
