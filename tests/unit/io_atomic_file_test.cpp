// AtomicFile: readers see the old file or the complete new one, never a partial write,
// and no temporary is left behind whatever happens.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <iterator>
#include <stdexcept>
#include <thread>

#include "io/atomic_file.h"
#include "test_util.h"

namespace tolmach {
namespace {

using test::TempDir;

TEST(AtomicFile, CreatesAndReplaces) {
  TempDir tmp;
  write_file_atomic(tmp / "f.txt", "first\n");
  EXPECT_EQ(test::read_bytes(tmp / "f.txt"), "first\n");
  write_file_atomic(tmp / "f.txt", std::string("second\0bytes", 12));
  EXPECT_EQ(test::read_bytes(tmp / "f.txt"), std::string("second\0bytes", 12));
  write_file_atomic(tmp / "f.txt", "");
  EXPECT_EQ(test::read_bytes(tmp / "f.txt"), "");
  EXPECT_EQ(test::list_dir(tmp.path()), std::vector<std::string>{"f.txt"});
}

TEST(AtomicFile, OldContentsVisibleUntilCommit) {
  TempDir tmp;
  write_file_atomic(tmp / "f.txt", "old");
  AtomicFile file(tmp / "f.txt");
  file.stream() << "new contents";
  file.stream().flush();
  EXPECT_EQ(test::read_bytes(tmp / "f.txt"), "old");
  EXPECT_EQ(test::read_bytes(file.temp_path()), "new contents");
  EXPECT_EQ(file.temp_path().rfind(tmp / "f.txt.tmp.", 0), 0u);
  file.commit();
  EXPECT_EQ(test::read_bytes(tmp / "f.txt"), "new contents");
  EXPECT_FALSE(std::filesystem::exists(file.temp_path()));
}

TEST(AtomicFile, AbandonedWriteLeavesOldFileAndNoTemporary) {
  TempDir tmp;
  write_file_atomic(tmp / "f.txt", "old");
  try {
    AtomicFile file(tmp / "f.txt");
    file.stream() << "half of the new";
    throw std::runtime_error("writer failed");  // e.g. bad input found mid-way
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(test::read_bytes(tmp / "f.txt"), "old");
  EXPECT_EQ(test::list_dir(tmp.path()), std::vector<std::string>{"f.txt"});
  {
    AtomicFile never_committed(tmp / "new.txt");  // no output at all, not even empty
  }
  EXPECT_EQ(test::list_dir(tmp.path()), std::vector<std::string>{"f.txt"});
}

TEST(AtomicFile, TwoWritersOfOnePathUseDistinctTemporaries) {
  TempDir tmp;
  AtomicFile a(tmp / "f.txt"), b(tmp / "f.txt");
  EXPECT_NE(a.temp_path(), b.temp_path());
  a.stream() << "a";
  b.stream() << "b";
  a.commit();
  b.commit();
  EXPECT_EQ(test::read_bytes(tmp / "f.txt"), "b");  // last commit wins, whole
  EXPECT_EQ(test::list_dir(tmp.path()), std::vector<std::string>{"f.txt"});
}

TEST(AtomicFile, FailuresNameThePathAndCleanUp) {
  TempDir tmp;
  try {
    AtomicFile file(tmp / "missing-dir/f.txt");
    ADD_FAILURE() << "opened a file in a missing directory";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()),
              tmp / "missing-dir/f.txt" + ": cannot open for writing: No such file or directory");
  }
  // A directory is refused when opened, before anything is written; no temporary is made.
  std::filesystem::create_directory(tmp / "d");
  try {
    AtomicFile file(tmp / "d");
    file.stream() << "x";
    file.commit();
    ADD_FAILURE() << "replaced a directory";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), tmp / "d: cannot open for writing: Is a directory");
  }
  EXPECT_EQ(test::list_dir(tmp.path()), std::vector<std::string>{"d"});
}

TEST(AtomicFile, RelativePathInCurrentDirectory) {
  TempDir tmp;
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(tmp.path());
  write_file_atomic("rel.txt", "ok");  // parent directory "." is synced
  std::filesystem::current_path(cwd);
  EXPECT_EQ(test::read_bytes(tmp / "rel.txt"), "ok");
}

// `-o /dev/null` is a common idiom: renaming a temporary over the device would (as root)
// turn /dev/null into a regular file for every later process. Special files are written in
// place; a FIFO gets the data through its reader.
TEST(AtomicFile, SpecialFilesAreWrittenInPlaceNotReplaced) {
  write_file_atomic("/dev/null", "discarded");
  EXPECT_TRUE(std::filesystem::is_character_file("/dev/null"));
  TempDir tmp;
  const std::string fifo = tmp / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string received;
  std::thread reader([&] { received = test::read_bytes(fifo); });
  write_file_atomic(fifo, "through the pipe");
  reader.join();
  EXPECT_EQ(received, "through the pipe");
  EXPECT_EQ(std::filesystem::status(fifo).type(), std::filesystem::file_type::fifo);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(tmp.path()), {}), 1) << "no temporary left";
}

}  // namespace
}  // namespace tolmach
