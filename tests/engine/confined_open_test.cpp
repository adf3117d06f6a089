// A local input with a root is opened confined to it: a path checked while it was a plain file or folder,
// then swapped for a symlink leading out of the root before the engine opens it, is refused and the file
// outside is never opened. Both ways of opening (openat2 and the component walk) are checked.

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "engine/confined_open.hpp"
#include "engine/engine.hpp"
#include "support/clips.hpp"
#include "support/media_tricks.hpp"

namespace tg::engine {
namespace {

namespace fs = std::filesystem;
using tg::testing::ClipKind;
using tg::testing::clip_path;

class ConfinedOpenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = tg::testing::fresh_test_dir("confined-open");
    root_ = dir_ + "/root";
    outside_ = dir_ + "/outside";
    fs::create_directories(root_ + "/dir");
    tg::testing::write_outside_secrets(outside_);
    clip_ = clip_path(ClipKind::kH264Short);
    ASSERT_FALSE(clip_.empty());
    fs::copy_file(clip_, root_ + "/a.mp4");
    fs::copy_file(clip_, root_ + "/dir/b.mp4");
  }

  Source source(const std::string& path) const {
    Source s{path};
    s.root = root_;
    return s;
  }

  static EngineResult<std::vector<Image>> snap(const Source& source) {
    SnapshotRequest request;
    request.times = {TimePoint{1.0, false}};
    return snapshot(source, request);
  }

  int open_in_root(const std::string& relative, BeneathMethod method) const {
    int root_fd = ::open(root_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    EXPECT_GE(root_fd, 0);
    int fd = open_beneath(root_fd, relative, method);
    ::close(root_fd);
    if (fd >= 0) ::close(fd);
    return fd >= 0 ? 0 : fd;
  }

  std::string dir_, root_, outside_, clip_;
};

TEST_F(ConfinedOpenTest, FilesBeneathTheRootAreRead) {
  EXPECT_TRUE(snap(source(root_ + "/a.mp4")));
  EXPECT_TRUE(snap(source(root_ + "/dir/b.mp4")));
  EXPECT_TRUE(snap(source(root_ + "//dir/./b.mp4")));
}

TEST_F(ConfinedOpenTest, AFileSwappedForASymlinkAfterItsCheckIsRefused) {
  ASSERT_TRUE(fs::is_regular_file(fs::symlink_status(root_ + "/a.mp4")));  // what a resolver saw
  fs::remove(root_ + "/a.mp4");
  fs::create_symlink(outside_ + "/secret.mp4", root_ + "/a.mp4");
  tg::testing::OpenWatch watch(outside_);
  auto result = snap(source(root_ + "/a.mp4"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kForbidden) << result.error().detail;
  EXPECT_EQ(watch.opened(), std::vector<std::string>{});
}

TEST_F(ConfinedOpenTest, AFolderSwappedForASymlinkAfterItsCheckIsRefused) {
  ASSERT_TRUE(fs::is_directory(fs::symlink_status(root_ + "/dir")));  // what a resolver saw
  fs::remove_all(root_ + "/dir");
  fs::create_symlink(outside_, root_ + "/dir");
  fs::copy_file(clip_, outside_ + "/b.mp4");
  tg::testing::OpenWatch watch(outside_);
  auto result = snap(source(root_ + "/dir/b.mp4"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::kForbidden) << result.error().detail;
  EXPECT_EQ(watch.opened(), std::vector<std::string>{});
  // Without a root only the last component is protected: the same path is read through the link.
  EXPECT_TRUE(snap(Source{root_ + "/dir/b.mp4"}));
}

TEST_F(ConfinedOpenTest, PathsThatDoNotLieBeneathTheRootAreRefused) {
  for (const std::string& path : {outside_ + "/secret.mp4", root_ + "/../outside/secret.mp4", root_ + "x/a.mp4",
                                  root_, std::string("a.mp4")}) {
    auto result = snap(source(path));
    ASSERT_FALSE(result) << path;
    EXPECT_EQ(result.error().code, Errc::kForbidden) << path << ": " << result.error().detail;
    EXPECT_EQ(result.error().message.find(dir_), std::string::npos) << result.error().message;
  }
  auto missing = snap(source(root_ + "/missing.mp4"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::kNotFound);
}

TEST_F(ConfinedOpenTest, BothWaysOfOpeningStayBeneathTheRoot) {
  fs::create_symlink(outside_, root_ + "/out");
  fs::create_symlink(outside_ + "/secret.mp4", root_ + "/secret.mp4");
  fs::create_symlink("/proc/self/root" + outside_, root_ + "/magic");
  for (BeneathMethod method : {BeneathMethod::kAuto, BeneathMethod::kWalk}) {
    SCOPED_TRACE(method == BeneathMethod::kAuto ? "openat2" : "walk");
    EXPECT_EQ(open_in_root("a.mp4", method), 0);
    EXPECT_EQ(open_in_root("dir/b.mp4", method), 0);
    // '..' that stays beneath the root: openat2 resolves it, the walk refuses every '..'.
    const int up_and_down = open_in_root("dir/../a.mp4", method);
    EXPECT_TRUE(up_and_down == -EXDEV || (method == BeneathMethod::kAuto && up_and_down == 0)) << up_and_down;
    EXPECT_EQ(open_in_root("../outside/secret.mp4", method), -EXDEV);
    EXPECT_EQ(open_in_root("dir/../../outside/secret.mp4", method), -EXDEV);
    EXPECT_LT(open_in_root("out/secret.mp4", method), 0);
    EXPECT_LT(open_in_root("magic/secret.mp4", method), 0);
    EXPECT_EQ(open_in_root("secret.mp4", method), -ELOOP);
    EXPECT_EQ(open_in_root("missing.mp4", method), -ENOENT);
    EXPECT_EQ(open_in_root("/etc/hostname", method), -EXDEV);
  }
}

// A symlink that stays inside the root: openat2 follows it (still confined), the walk follows none.
TEST_F(ConfinedOpenTest, SymlinkedFoldersInsideTheRootDependOnTheMethod) {
  fs::create_symlink("dir", root_ + "/alias");
  EXPECT_EQ(open_in_root("alias/b.mp4", BeneathMethod::kWalk), -ELOOP);
  const int via_auto = open_in_root("alias/b.mp4", BeneathMethod::kAuto);
  EXPECT_TRUE(via_auto == 0 || via_auto == -ELOOP) << via_auto;  // -ELOOP where the kernel has no openat2
}

}  // namespace
}  // namespace tg::engine
