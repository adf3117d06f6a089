#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <sys/stat.h>

#include "task_test_support.hpp"
#include "tasks/media_resolver.hpp"

namespace tg::tasks {
namespace {

namespace fs = std::filesystem;

class MediaResolverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_dir();
    store_ = testing::open_store(dir_);
    ASSERT_TRUE(store_);
    root_ = dir_ + "/media";
    fs::create_directories(root_ + "/videos");
    fs::create_directories(dir_ + "/outside");
    write(root_ + "/videos/a.mp4");
    write(dir_ + "/outside/secret.mp4");
    fs::create_symlink(dir_ + "/outside/secret.mp4", root_ + "/videos/link_out.mp4");
    fs::create_directory_symlink(dir_ + "/outside", root_ + "/dir_out");
    fs::create_symlink(root_ + "/videos/a.mp4", root_ + "/link_in.mp4");
    resolver_ = std::make_unique<MediaResolver>(*store_, root_);
  }

  static void write(const std::string& path) { std::ofstream(path) << "data"; }

  std::string canonical(const std::string& path) const { return fs::canonical(path).string(); }

  std::string dir_;
  std::string root_;
  std::unique_ptr<SqliteTaskStore> store_;
  std::unique_ptr<MediaResolver> resolver_;
};

TEST_F(MediaResolverTest, ResolvesRelativeAndLeadingSlashPaths) {
  auto plain = resolver_->resolve_path("videos/a.mp4");
  ASSERT_TRUE(plain);
  EXPECT_EQ(*plain, canonical(root_ + "/videos/a.mp4"));
  auto slashed = resolver_->resolve_path("/videos/a.mp4");
  ASSERT_TRUE(slashed);
  EXPECT_EQ(*slashed, *plain);
  auto dotted = resolver_->resolve_path("videos/./a.mp4");
  ASSERT_TRUE(dotted);
  EXPECT_EQ(*dotted, *plain);
  for (std::string_view same : {"videos//a.mp4", "./videos/a.mp4", "///videos/.//./a.mp4"}) {
    auto resolved = resolver_->resolve_path(same);
    ASSERT_TRUE(resolved) << same;
    EXPECT_EQ(*resolved, *plain) << same;
  }
}

TEST_F(MediaResolverTest, OnlyRegularFilesAreFound) {
  ASSERT_EQ(::mkfifo((root_ + "/videos/pipe.mp4").c_str(), 0600), 0);
  for (std::string_view odd : {"videos/pipe.mp4", "videos/a.mp4/x.mp4", "videos/a.mp4/"}) {
    auto result = resolver_->resolve_path(odd);
    ASSERT_FALSE(result) << odd;
    EXPECT_EQ(result.error(), ResolveError::kNotFound) << odd;
  }
}

TEST_F(MediaResolverTest, SymlinkStayingInsideIsAllowed) {
  auto resolved = resolver_->resolve_path("link_in.mp4");
  ASSERT_TRUE(resolved);
  EXPECT_EQ(*resolved, canonical(root_ + "/videos/a.mp4"));
}

TEST_F(MediaResolverTest, RejectsEscapes) {
  for (std::string_view bad : {"../outside/secret.mp4", "videos/../../outside/secret.mp4", "videos/..",
                               "..", "videos/link_out.mp4", "dir_out/secret.mp4", "dir_out/none.mp4",
                               "dir_out", "", "/", "//"}) {
    auto result = resolver_->resolve_path(bad);
    ASSERT_FALSE(result) << bad;
    EXPECT_EQ(result.error(), ResolveError::kInvalid) << bad;
  }
  // An absolute path outside the root is read as relative to the root, so it is simply not there.
  std::string absolute_outside = dir_ + "/outside/secret.mp4";
  auto outside = resolver_->resolve_path(absolute_outside);
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error(), ResolveError::kNotFound);
}

TEST_F(MediaResolverTest, RejectsNul) {
  using namespace std::string_literals;
  std::string with_nul = "videos/a.mp4\0.txt"s;
  auto result = resolver_->resolve_path(with_nul);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), ResolveError::kInvalid);
  auto by_id = resolver_->resolve_file_id(with_nul);
  ASSERT_FALSE(by_id);
  EXPECT_EQ(by_id.error(), ResolveError::kInvalid);
}

TEST_F(MediaResolverTest, MissingFilesAndFoldersAreNotFound) {
  for (std::string_view missing : {"videos/none.mp4", "videos", "videos/", "nodir/x.mp4"}) {
    auto result = resolver_->resolve_path(missing);
    ASSERT_FALSE(result) << missing;
    EXPECT_EQ(result.error(), ResolveError::kNotFound) << missing;
  }
}

TEST_F(MediaResolverTest, FileIdsGoThroughTheMediaTableFirst) {
  ASSERT_TRUE(store_->put_media("id-url", "https://cdn.example.com/v.mp4", 1));
  ASSERT_TRUE(store_->put_media("id-upper", "HTTP://cdn.example.com/v.mp4", 1));
  ASSERT_TRUE(store_->put_media("id-path", "videos/a.mp4", 1));
  ASSERT_TRUE(store_->put_media("id-escape", "../outside/secret.mp4", 1));
  ASSERT_TRUE(store_->put_media("id-ftp", "ftp://cdn.example.com/v.mp4", 1));

  EXPECT_EQ(resolver_->resolve_file_id("id-url").value(), "https://cdn.example.com/v.mp4");
  EXPECT_EQ(resolver_->resolve_file_id("id-upper").value(), "HTTP://cdn.example.com/v.mp4");
  EXPECT_EQ(resolver_->resolve_file_id("id-path").value(), canonical(root_ + "/videos/a.mp4"));
  EXPECT_EQ(resolver_->resolve_file_id("id-escape").error(), ResolveError::kInvalid);
  EXPECT_EQ(resolver_->resolve_file_id("id-ftp").error(), ResolveError::kNotFound);
  // Not in the table: the id is the object path.
  EXPECT_EQ(resolver_->resolve_file_id("/videos/a.mp4").value(), canonical(root_ + "/videos/a.mp4"));
  EXPECT_EQ(resolver_->resolve_file_id("../outside/secret.mp4").error(), ResolveError::kInvalid);
  EXPECT_EQ(resolver_->resolve_file_id("").error(), ResolveError::kInvalid);
}

TEST_F(MediaResolverTest, MissingMediaRootFindsNothing) {
  MediaResolver resolver(*store_, dir_ + "/no-such-root");
  auto result = resolver.resolve_path("videos/a.mp4");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), ResolveError::kNotFound);
}

TEST(MediaUrls, RecognisesHttpSchemesOnly) {
  EXPECT_TRUE(is_http_url("http://a/b"));
  EXPECT_TRUE(is_http_url("HTTPS://a/b"));
  EXPECT_FALSE(is_http_url("file:///etc/passwd"));
  EXPECT_FALSE(is_http_url("http:/a"));
  EXPECT_FALSE(is_http_url("videos/http://x"));
}

}  // namespace
}  // namespace tg::tasks
