// Decompression bombs: a few hundred KB declaring 9000x9000 frames are refused as too large before a
// frame is decoded, whether the container says the size or only the codec does, and requests for
// images above the pixel limit are refused before any input is opened.

#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/engine.hpp"
#include "engine/hot_input_cache.hpp"
#include "engine/pixel_limits.hpp"
#include "engine/request_checks.hpp"
#include "engine/size_planner.hpp"
#include "engine/sprite_layout.hpp"
#include "support/clips.hpp"

extern char** environ;

namespace tg::engine {
namespace {

using tg::testing::ClipKind;
using tg::testing::clip_path;

SnapshotRequest at_zero() {
  SnapshotRequest r;
  r.times = {TimePoint{0.0, false}};
  return r;
}

struct ChildRun {
  int exit_code = -1;
  long max_rss_kib = 0;
};

// Runs the thumbgate binary and reads its exit code and peak resident memory from wait4.
ChildRun run_thumbgate(const std::vector<std::string>& args) {
  std::vector<std::string> argv_strings{TG_THUMBGATE_BIN};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_strings) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  ChildRun run;
  if (::posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) return run;
  int status = 0;
  rusage usage{};
  if (::wait4(pid, &status, 0, &usage) != pid) return run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.max_rss_kib = usage.ru_maxrss;
  return run;
}

TEST(PixelLimit, LimitsFollowTheLargestVideoLevel) {
  EXPECT_TRUE(source_size_ok(8192, 4352));  // H.264/HEVC/AV1 level 6.2
  EXPECT_TRUE(source_size_ok(7680, 4320));
  EXPECT_TRUE(source_size_ok(16384, 2000));
  EXPECT_FALSE(source_size_ok(8192, 4353));
  EXPECT_FALSE(source_size_ok(9000, 9000));
  EXPECT_FALSE(source_size_ok(16385, 1));
  EXPECT_TRUE(image_size_ok(8192, 8192));
  EXPECT_FALSE(image_size_ok(8192, 8193));
  EXPECT_FALSE(image_size_ok(-1, 10));
}

TEST(PixelLimit, BombsAreTooLargeBeforeDecoding) {
  for (ClipKind kind : {ClipKind::kPixelBombAvi, ClipKind::kPixelBombMov}) {
    const std::string bomb = clip_path(kind);
    ASSERT_FALSE(bomb.empty());
    auto image = snapshot(Source{bomb}, at_zero());
    ASSERT_FALSE(image.ok()) << bomb;
    EXPECT_EQ(image.error().code, Errc::kTooLarge) << image.error().detail;
    EXPECT_NE(image.error().message.find("9000x9000 is above the limit"), std::string::npos) << image.error().message;
    auto info = probe(Source{bomb});
    ASSERT_FALSE(info.ok());
    EXPECT_EQ(info.error().code, Errc::kTooLarge);

    HotInputCache cache(2);
    ImageOptions options;
    auto hot = cache.snapshot({bomb, 1, 1, Rotate::kAuto}, Source{bomb}, 0, SeekMode::kExact, options);
    ASSERT_FALSE(hot.ok());
    EXPECT_EQ(hot.error().code, Errc::kTooLarge);
    EXPECT_EQ(cache.stats().idle, 0u);
  }
}

// A container that lies about the size: the decoder refuses the frame before allocating it.
TEST(PixelLimit, AFrameLargerThanItsContainerSaysIsNeverDecoded) {
  const std::string liar = clip_path(ClipKind::kPixelBombLiar);
  ASSERT_FALSE(liar.empty());
  for (SeekMode mode : {SeekMode::kExact, SeekMode::kKeyframe}) {
    SnapshotRequest request = at_zero();
    request.mode = mode;
    auto image = snapshot(Source{liar}, request);
    ASSERT_FALSE(image.ok());
    EXPECT_TRUE(image.error().code == Errc::kCorrupt || image.error().code == Errc::kTooLarge)
        << errc_name(image.error().code) << ": " << image.error().detail;
  }
}

// A whole process on each bomb stays small: a single decoded 9000x9000 frame would be 116 MiB.
TEST(PixelLimit, ABombDoesNotGrowTheProcess) {
  const std::string out = tg::testing::fresh_test_dir("pixel-limit") + "/x.jpg";
  for (ClipKind kind : {ClipKind::kPixelBombAvi, ClipKind::kPixelBombMov, ClipKind::kPixelBombLiar}) {
    const std::string bomb = clip_path(kind);
    ASSERT_FALSE(bomb.empty());
    ChildRun run = run_thumbgate({"snapshot", bomb, "--time", "0", "-o", out});
    EXPECT_EQ(run.exit_code, 1) << bomb;
    EXPECT_LT(run.max_rss_kib, 100 * 1024) << bomb;
  }
}

TEST(PixelLimit, ImagesAboveTheLimitAreInvalidRequests) {
  ImageOptions big;
  big.width = 8192;
  big.height = 8193;
  auto checked = check_image_options(big);
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().code, Errc::kInvalidArgument);
  big.height = 8192;
  EXPECT_TRUE(check_image_options(big));

  // Only a width, on a tall source: the height follows and the area goes above the limit.
  ImageOptions wide;
  wide.width = 10000;
  auto plan = plan_size(SourceGeometry{1000, 1000, 1, 1, false}, wide, true);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, Errc::kInvalidArgument);

  SpriteRequest sprite;
  sprite.columns = 10;
  sprite.rows = 10;
  sprite.cell_width = 1000;
  sprite.cell_height = 1000;
  auto layout = layout_sprite(sprite, {}, 0);
  ASSERT_FALSE(layout);
  EXPECT_EQ(layout.error().code, Errc::kInvalidArgument);

  const std::string clip = clip_path(ClipKind::kH264Short);
  ASSERT_FALSE(clip.empty());
  SnapshotRequest request = at_zero();
  request.image.width = 10000;
  request.image.height = 10000;
  auto image = snapshot(Source{clip}, request);
  ASSERT_FALSE(image.ok());
  EXPECT_EQ(image.error().code, Errc::kInvalidArgument);
}

}  // namespace
}  // namespace tg::engine
