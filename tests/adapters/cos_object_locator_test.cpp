// Where a bucket's object lives: files strictly under the bucket root (no '..', no symlinks out, no
// absolute keys), with size and modification time; origin URLs with each segment encoded.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "adapters/tencent_ci/cos_object_locator.hpp"
#include "support/clips.hpp"

namespace tg::adapters::tencent_ci {
namespace {

namespace fs = std::filesystem;
using adapters::tencent_ci::CiBucket;

class CosObjectLocatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    media_ = tg::testing::fresh_test_dir("cos-locator") + "/media";
    fs::create_directories(media_ + "/bucket/dir");
    std::ofstream(media_ + "/bucket/a.mp4") << "12345";
    std::ofstream(media_ + "/bucket/dir/b c.mp4") << "x";
    std::ofstream(media_ + "/secret.mp4") << "secret";
    fs::create_symlink(media_ + "/secret.mp4", media_ + "/bucket/out.mp4");
    fs::create_symlink(media_ + "/bucket/a.mp4", media_ + "/bucket/in.mp4");
    bucket_.name = "bucket-1";
    bucket_.region = "ap-beijing";
    bucket_.root = "bucket";
  }

  std::string media_;
  CiBucket bucket_;
};

TEST_F(CosObjectLocatorTest, FindsFilesWithSizeAndTime) {
  auto found = locate_object(bucket_, media_, "a.mp4");
  ASSERT_TRUE(found);
  EXPECT_TRUE(found->local);
  EXPECT_EQ(found->size, 5);
  EXPECT_GT(found->mtime_ns, 0);
  EXPECT_EQ(fs::path(found->uri), fs::canonical(media_ + "/bucket/a.mp4"));
  // The engine's open is confined to the bucket's folder, which the path lies beneath.
  EXPECT_EQ(fs::path(found->root), fs::canonical(media_ + "/bucket"));
  EXPECT_EQ(found->uri.rfind(found->root + "/", 0), 0u);
  EXPECT_TRUE(locate_object(bucket_, media_, "dir/b c.mp4"));
  // A symlink that stays inside the bucket is followed.
  auto inside = locate_object(bucket_, media_, "in.mp4");
  ASSERT_TRUE(inside);
  EXPECT_EQ(inside->uri, found->uri);
}

TEST_F(CosObjectLocatorTest, NothingOutsideTheRootIsFound) {
  for (const char* key : {"../secret.mp4", "dir/../../secret.mp4", "out.mp4", "", "dir", "missing.mp4", "..",
                          "dir/..", "/../secret.mp4"}) {
    EXPECT_FALSE(locate_object(bucket_, media_, key)) << key;
  }
  const std::string absolute = "/" + media_ + "/secret.mp4";
  EXPECT_FALSE(locate_object(bucket_, media_, absolute));
  EXPECT_FALSE(locate_object(bucket_, media_, std::string("a.mp4\0x", 7)));
}

TEST_F(CosObjectLocatorTest, AbsoluteRootsAndMissingRoots) {
  bucket_.root = media_ + "/bucket";
  EXPECT_TRUE(locate_object(bucket_, "/elsewhere", "a.mp4"));
  bucket_.root = "no-such-folder";
  EXPECT_FALSE(locate_object(bucket_, media_, "a.mp4"));
}

TEST_F(CosObjectLocatorTest, OriginUrlsEncodeEachSegment) {
  bucket_.root = "https://media.example.com/videos/";
  auto found = locate_object(bucket_, media_, "dir/b c(1).mp4");
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->local);
  EXPECT_EQ(found->uri, "https://media.example.com/videos/dir/b%20c%281%29.mp4");
  EXPECT_FALSE(locate_object(bucket_, media_, "../x.mp4"));
}

}  // namespace
}  // namespace tg::adapters::tencent_ci
