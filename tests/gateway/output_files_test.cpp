#include "gateway/output_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/clips.hpp"

namespace tg::gateway {
namespace {
namespace fs = std::filesystem;

class OutputFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = tg::testing::fresh_test_dir("output-files") + "/outputs";
    fs::create_directories(fs::path(root_) / "task1");
    std::ofstream(fs::path(root_) / "task1" / "0.jpg") << "jpeg";
    std::ofstream(fs::path(root_).parent_path() / "secret.txt") << "secret";
  }
  std::string root_;
};

TEST_F(OutputFilesTest, ServesAFileWithItsContentType) {
  auto r = serve_output(root_, "task1/0.jpg");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "image/jpeg");
  EXPECT_EQ(r.file_path, (fs::path(root_) / "task1" / "0.jpg").string());
  EXPECT_EQ(output_content_type("x.vtt"), "text/vtt; charset=utf-8");
  EXPECT_EQ(output_content_type("x.png"), "image/png");
  EXPECT_EQ(output_content_type("x.webp"), "image/webp");
  EXPECT_EQ(output_content_type("images.tar"), "application/x-tar");
}

TEST_F(OutputFilesTest, PathTricksAndMissingFilesAre404) {
  for (const char* bad : {"../secret.txt", "task1/../../secret.txt", "/etc/passwd", "task1/.hidden", "task1",
                          "", "task1/missing.jpg", "task1//0.jpg", "task1/0.jpg\\..", "task1/%2e%2e"}) {
    EXPECT_EQ(serve_output(root_, bad).status, 404) << bad;
  }
}

TEST_F(OutputFilesTest, SymlinksAreNotFollowed) {
  fs::path link = fs::path(root_) / "task1" / "link.jpg";
  fs::remove(link);
  fs::create_symlink(fs::path(root_).parent_path() / "secret.txt", link);
  EXPECT_EQ(serve_output(root_, "task1/link.jpg").status, 404);
}

}  // namespace
}  // namespace tg::gateway
