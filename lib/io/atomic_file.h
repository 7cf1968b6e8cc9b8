#pragma once
// Write a file so that readers only ever see the old or the complete new version:
// data goes to "<path>.tmp.<pid>.<n>" and on commit() is flushed, fsynced, renamed over
// <path>, and the directory is fsynced, so the new file is durable once commit() returns
// (a crash before that leaves the old file, plus at worst a stray ".tmp." file).
// Destroying an uncommitted AtomicFile removes the temporary (no partial output). An existing
// path that is not a regular file (/dev/null, a FIFO) is written in place, never replaced.
#include <fstream>
#include <string>

namespace tolmach {

class AtomicFile {
 public:
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ostream& stream() { return out_; }
  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return tmp_path_; }  // empty when written in place
  // Throws std::runtime_error naming the file on any I/O failure (the temporary is removed).
  void commit();

 private:
  std::string path_, tmp_path_;
  std::ofstream out_;
  bool committed_ = false;
};

// Whole-file convenience: atomically replace `path` with `contents`.
void write_file_atomic(const std::string& path, const std::string& contents);

// Removes "<path>.tmp.*" files: the temporaries of writers that were killed (SIGKILL, a
// crash) before they could. For callers that own `path` (one writer at a time).
void remove_stale_temporaries(const std::string& path);

// fsync a directory so that renames / unlinks inside it survive a crash.
void sync_directory(const std::string& dir);

}  // namespace tolmach
