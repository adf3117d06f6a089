#include "core/private_dirs.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "support/clips.hpp"

namespace fs = std::filesystem;

namespace {

std::string fresh_dir() { return tg::testing::fresh_test_dir("core"); }

mode_t mode_of(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

TEST(PrivateDirs, EveryFolderMadeIsOwnerOnlyWhateverTheUmask) {
  const std::string dir = fresh_dir();
  const mode_t old = ::umask(0);  // the widest umask: mkdir's mode would be kept as asked
  auto made = tg::create_private_directories(dir + "/data/outputs");
  ::umask(old);
  ASSERT_TRUE(made) << made.error();
  EXPECT_EQ(mode_of(dir + "/data"), 0700u);
  EXPECT_EQ(mode_of(dir + "/data/outputs"), 0700u);
}

TEST(PrivateDirs, ExistingFoldersKeepTheirMode) {
  const std::string dir = fresh_dir();
  fs::create_directories(dir + "/shared");
  ::chmod((dir + "/shared").c_str(), 0755);
  auto made = tg::create_private_directories(dir + "/shared/data");
  ASSERT_TRUE(made) << made.error();
  EXPECT_EQ(mode_of(dir + "/shared"), 0755u);
  EXPECT_EQ(mode_of(dir + "/shared/data"), 0700u);
  EXPECT_TRUE(tg::create_private_directories(dir + "/shared/data"));  // again: nothing to do
}

TEST(PrivateDirs, AFileInTheWayIsAnErrorNamingIt) {
  const std::string dir = fresh_dir();
  std::ofstream(dir + "/file") << "x";
  auto made = tg::create_private_directories(dir + "/file/data");
  ASSERT_FALSE(made);
  EXPECT_NE(made.error().find(dir + "/file"), std::string::npos) << made.error();
  EXPECT_FALSE(tg::create_private_directories(""));
}

}  // namespace
