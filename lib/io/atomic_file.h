#pragma once
// Write a file so that readers only ever see the old or the complete new version:
// data goes to "<path>.tmp.<pid>", is flushed, and is renamed over <path> on commit().
// Destroying an uncommitted AtomicFile removes the temporary (no partial output).
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
  void commit();  // flush, fsync-equivalent close, rename; throws on I/O failure

 private:
  std::string path_, tmp_path_;
  std::ofstream out_;
  bool committed_ = false;
};

// Whole-file convenience: atomically replace `path` with `contents`.
void write_file_atomic(const std::string& path, const std::string& contents);

}  // namespace tolmach
