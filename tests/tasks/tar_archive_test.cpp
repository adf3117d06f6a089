#include "tasks/tar_archive.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "support/tar_listing.hpp"
#include "task_test_support.hpp"

namespace tg::tasks {
namespace {

namespace fs = std::filesystem;

TEST(TarArchiveWriter, WritesEveryEntryAndAppearsOnlyOnCommit) {
  const std::string dir = testing::fresh_dir();
  auto tar = TarArchiveWriter::create(dir, "pics.tar");
  ASSERT_TRUE(tar) << tar.error().message;
  ASSERT_TRUE((*tar)->add("a_0.jpg", "first"));
  const std::string big(200000, '\x7f');
  ASSERT_TRUE((*tar)->add("a_10.jpg", big));
  EXPECT_FALSE(fs::exists(dir + "/pics.tar")) << "visible before commit";
  ASSERT_TRUE((*tar)->commit());
  EXPECT_EQ((*tar)->entries(), 2);
  tar->reset();
  std::string error;
  auto entries = tg::testing::read_tar(dir + "/pics.tar", &error);
  ASSERT_EQ(entries.size(), 2u) << error;
  EXPECT_EQ(entries[0].name, "a_0.jpg");
  EXPECT_EQ(entries[0].data, "first");
  EXPECT_EQ(entries[1].name, "a_10.jpg");
  EXPECT_EQ(entries[1].data, big);
  // Only the archive is left: no temporary file.
  int files = 0;
  for (const auto& item : fs::directory_iterator(dir)) files += item.is_regular_file() ? 1 : 0;
  EXPECT_EQ(files, 1);
}

TEST(TarArchiveWriter, DroppedBeforeCommitLeavesNothing) {
  const std::string dir = testing::fresh_dir();
  {
    auto tar = TarArchiveWriter::create(dir, "pics.tar");
    ASSERT_TRUE(tar);
    ASSERT_TRUE((*tar)->add("a.jpg", "x"));
  }
  EXPECT_TRUE(fs::is_empty(dir));
}

TEST(TarArchiveWriter, MissingFolderIsAnError) {
  const std::string dir = testing::fresh_dir() + "/absent";
  auto tar = TarArchiveWriter::create(dir, "pics.tar");
  ASSERT_FALSE(tar);
  EXPECT_EQ(tar.error().os_errno, ENOENT);
}

}  // namespace
}  // namespace tg::tasks
