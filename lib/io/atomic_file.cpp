#include "io/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace tolmach {
namespace {

std::string temp_name(const std::string& path) {
  // pid + counter: unique across processes and across AtomicFiles within one process.
  static std::atomic<unsigned> counter{0};
  return path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
}

std::string parent_dir(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

[[noreturn]] void fail(const std::string& path, const std::string& what, int err) {
  throw std::runtime_error(path + ": " + what +
                           (err ? std::string(": ") + std::strerror(err) : ""));
}

}  // namespace

// An existing path that is not a regular file (/dev/null, a FIFO, a terminal, /dev/stdout)
// is written in place: renaming a temporary over it would replace the device with a file.
bool is_special_file(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode);
}

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  if (!is_special_file(path_)) tmp_path_ = temp_name(path_);
  out_.open(tmp_path_.empty() ? path_ : tmp_path_, std::ios::binary | std::ios::trunc);
  if (!out_) fail(path_, "cannot open for writing", errno);
}

AtomicFile::~AtomicFile() {
  if (!committed_ && !tmp_path_.empty()) {
    out_.close();
    std::remove(tmp_path_.c_str());
  }
}

// errno of a failed stream write is long overwritten by the time commit() sees the failure
// (other files were opened since): a full file system, the usual cause, is asked directly.
int write_errno(const std::string& path, int err) {
  struct statvfs fs;
  if (::statvfs(parent_dir(path).c_str(), &fs) == 0 && fs.f_bavail == 0) return ENOSPC;
  return err;
}

void AtomicFile::commit() {
  out_.flush();
  if (!out_) fail(path_, "write failed", write_errno(path_, errno));
  out_.close();
  if (out_.fail()) fail(path_, "write failed on close", write_errno(path_, errno));
  if (tmp_path_.empty()) {  // written in place
    committed_ = true;
    return;
  }
  // Data must be on disk before the rename makes it visible, or a crash could expose an
  // empty / partial file under the final name.
  const int fd = ::open(tmp_path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const int err = errno;
    if (fd >= 0) ::close(fd);
    fail(path_, "cannot sync temporary file", err);
  }
  ::close(fd);
  if (std::rename(tmp_path_.c_str(), path_.c_str()) != 0)
    fail(path_, "cannot rename temporary file into place", errno);
  committed_ = true;
  sync_directory(parent_dir(path_));
}

void write_file_atomic(const std::string& path, const std::string& contents) {
  AtomicFile file(path);
  file.stream().write(contents.data(), static_cast<std::streamsize>(contents.size()));
  file.commit();
}

void sync_directory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) fail(dir, "cannot open directory to sync", errno);
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) fail(dir, "cannot sync directory", err);
}

void remove_stale_temporaries(const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path p(path);
  const std::string prefix = p.filename().string() + ".tmp.";
  std::error_code ec;
  const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.compare(0, prefix.size(), prefix) == 0) fs::remove(it->path(), ec);
  }
}

}  // namespace tolmach
