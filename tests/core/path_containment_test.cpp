// Containment of a path in a root folder: strictly below, component by component, after symlinks.

#include "core/path_containment.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/clips.hpp"

namespace fs = std::filesystem;

namespace tg {
namespace {

TEST(PathContainment, OnlyPathsStrictlyBelowTheRootAreBelow) {
  EXPECT_TRUE(is_below("/srv/media/a.mp4", "/srv/media"));
  EXPECT_TRUE(is_below("/srv/media/sub/a.mp4", "/srv/media"));
  EXPECT_FALSE(is_below("/srv/media", "/srv/media"));
  EXPECT_FALSE(is_below("/srv", "/srv/media"));
  EXPECT_FALSE(is_below("/srv/other/a.mp4", "/srv/media"));
}

TEST(PathContainment, ASharedNamePrefixIsNotContainment) {
  EXPECT_FALSE(is_below("/srv/media2/a.mp4", "/srv/media"));
  EXPECT_FALSE(is_below("/srv/medi/a.mp4", "/srv/media"));
}

TEST(PathContainment, TrailingSeparatorOnTheRootNamesTheSameFolder) {
  EXPECT_TRUE(is_below("/srv/media/a.mp4", "/srv/media/"));
  EXPECT_FALSE(is_below("/srv/media", "/srv/media/"));
  EXPECT_FALSE(is_below("/srv/other/a.mp4", "/srv/media/"));
}

TEST(PathContainment, CanonicalPathFollowsALinkOutOfTheRoot) {
  const fs::path dir = tg::testing::fresh_test_dir("core");
  fs::create_directories(dir / "root" / "sub");
  fs::create_directories(dir / "outside");
  std::ofstream(dir / "outside" / "secret.txt") << "x";
  fs::create_directory_symlink(dir / "outside", dir / "root" / "link");

  const auto root = canonical_path(dir / "root");
  ASSERT_TRUE(root);
  const auto inside = canonical_path(dir / "root" / "sub" / ".." / "sub" / "new.mp4");
  ASSERT_TRUE(inside);
  EXPECT_TRUE(is_below(*inside, *root));
  const auto escaped = canonical_path(dir / "root" / "link" / "secret.txt");
  ASSERT_TRUE(escaped);
  EXPECT_EQ(*escaped, *canonical_path(dir / "outside" / "secret.txt"));
  EXPECT_FALSE(is_below(*escaped, *root));
  const auto dotdot = canonical_path(dir / "root" / ".." / "outside");
  ASSERT_TRUE(dotdot);
  EXPECT_FALSE(is_below(*dotdot, *root));
}

TEST(PathContainment, CanonicalPathOfARelativePathIsAbsolute) {
  const auto path = canonical_path("some/relative/name");
  ASSERT_TRUE(path);
  EXPECT_TRUE(path->is_absolute());
  EXPECT_TRUE(is_below(*path, *canonical_path(fs::current_path())));
}

TEST(PathContainment, DotDotIsFoundAsAWholeSegmentOnly) {
  EXPECT_TRUE(has_dot_dot_segment(".."));
  EXPECT_TRUE(has_dot_dot_segment("../a"));
  EXPECT_TRUE(has_dot_dot_segment("a/../b"));
  EXPECT_TRUE(has_dot_dot_segment("a/.."));
  EXPECT_TRUE(has_dot_dot_segment("a//../b"));
  EXPECT_FALSE(has_dot_dot_segment("a/..b/c"));
  EXPECT_FALSE(has_dot_dot_segment("a/b../c"));
  EXPECT_FALSE(has_dot_dot_segment("a/./b"));
  EXPECT_FALSE(has_dot_dot_segment(""));
}

}  // namespace
}  // namespace tg
