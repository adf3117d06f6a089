#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "task_test_support.hpp"
#include "tasks/atomic_file.hpp"
#include "tasks/name_pattern.hpp"

namespace tg::tasks {
namespace {

TEST(NamePattern, FillsPlaceholders) {
  EXPECT_EQ(expand_name_pattern("{n}.jpg", 3, 12'345).value(), "3.jpg");
  EXPECT_EQ(expand_name_pattern("shot_{ms}.png", 0, 12'345).value(), "shot_12345.png");
  EXPECT_EQ(expand_name_pattern("t{s}s-{n}-{ms}.jpg", 7, 12'999).value(), "t12s-7-12999.jpg");
  EXPECT_EQ(expand_name_pattern("static.jpg", 9, 9).value(), "static.jpg");
  EXPECT_EQ(expand_name_pattern("a}b.jpg", 0, 0).value(), "a}b.jpg");
}

TEST(NamePattern, PadsNumbersAndCountsFromOne) {
  EXPECT_EQ(expand_name_pattern("out-{n+1:05}.jpg", 0, 0).value(), "out-00001.jpg");
  EXPECT_EQ(expand_name_pattern("out-{n+1:05}.jpg", 41, 0).value(), "out-00042.jpg");
  EXPECT_EQ(expand_name_pattern("page-{n:05}.jpg", 3, 0).value(), "page-00003.jpg");
  EXPECT_EQ(expand_name_pattern("{n+1}.jpg", 9, 0).value(), "10.jpg");
  EXPECT_EQ(expand_name_pattern("{n:03}.jpg", 123456, 0).value(), "123456.jpg");  // wider than W: as is
  EXPECT_EQ(expand_name_pattern("{n:01}-{n+1:02}.jpg", 4, 0).value(), "4-05.jpg");
}

TEST(NamePattern, RejectsUnknownPlaceholders) {
  for (const char* pattern : {"{x}.jpg", "{n.jpg", "{}.jpg", "{N}.jpg", "shot{", "{n+2}.jpg", "{n:5}.jpg",
                              "{n:00}.jpg", "{n:010}.jpg", "{n+1:05.jpg", "{Count}.jpg"}) {
    auto result = expand_name_pattern(pattern, 1, 1);
    ASSERT_FALSE(result) << pattern;
    EXPECT_NE(result.error().find("placeholder"), std::string::npos) << result.error();
  }
}

TEST(NamePattern, RejectsNamesThatAreNotPlainFileNames) {
  for (const char* pattern : {"", ".", "..", "../{n}.jpg", "a/{n}.jpg", "/abs.jpg", "a\\b.jpg", "x..jpg",
                              "{n}/../x.jpg", "tab\t.jpg"}) {
    auto result = expand_name_pattern(pattern, 1, 1);
    ASSERT_FALSE(result) << pattern;
    EXPECT_NE(result.error().find("not a plain file name"), std::string::npos) << result.error();
  }
  EXPECT_FALSE(expand_name_pattern(std::string(300, 'a'), 0, 0));
  using namespace std::string_literals;
  EXPECT_FALSE(is_plain_file_name("a\0b"s));
  EXPECT_TRUE(is_plain_file_name(".hidden.jpg"));
  EXPECT_TRUE(is_plain_file_name("sprite.vtt"));
}

TEST(AtomicFile, WritesWholeFilesAndLeavesNoTemporaries) {
  std::string dir = testing::fresh_dir();
  ASSERT_TRUE(write_file_atomically(dir, "a.bin", std::string("\0\1\2data", 7)));
  ASSERT_TRUE(write_file_atomically(dir, "a.bin", "replaced"));
  ASSERT_TRUE(write_file_atomically(dir, "empty.txt", ""));
  std::ifstream in(dir + "/a.bin", std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "replaced");
  EXPECT_EQ(std::filesystem::file_size(dir + "/empty.txt"), 0u);
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    ++files;
    EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << entry.path();
  }
  EXPECT_EQ(files, 2);
  auto missing = write_file_atomically(dir + "/no/such/dir", "x", "y");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("cannot create"), std::string::npos);
  EXPECT_EQ(missing.error().os_errno, ENOENT);
}

TEST(AtomicFile, AFileSizeLimitIsReportedWithItsErrnoAndLeavesNothing) {
  std::string dir = testing::fresh_dir();
  // In a child: RLIMIT_FSIZE makes the kernel refuse the write (EFBIG; SIGXFSZ ignored), as a full disk
  // refuses it with ENOSPC.
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    signal(SIGXFSZ, SIG_IGN);
    rlimit small{4096, 4096};
    if (setrlimit(RLIMIT_FSIZE, &small) != 0) _exit(2);
    auto written = write_file_atomically(dir, "big.bin", std::string(64 * 1024, 'x'));
    _exit(!written && written.error().os_errno == EFBIG ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_TRUE(std::filesystem::is_empty(dir));  // neither the file nor its temporary
}

}  // namespace
}  // namespace tg::tasks
