// GetSnapshot's `mode` decides which frame is shown: on a clip with one keyframe every 10 s, a time
// between keyframes gives the keyframe before it with mode=keyframe and the frame at that time with
// mode=exactframe (and without mode). Judged by the picture, against the ffmpeg CLI's frames.

#include <gtest/gtest.h>

#include "integration/cos_fixture.hpp"
#include "support/image_probe.hpp"
#include "support/reference_frames.hpp"

namespace tg::testing {
namespace {

constexpr double kSameFrameDb = 40;       // the same decoded frame; only RGB conversion and rounding differ
constexpr double kOtherFrameDb = 30;      // two different frames of the test pattern are far below this
constexpr double kBetweenKeyframes = 5;   // seconds; the clip's keyframes are at 0 and 10 s

class CosSnapshotFrames : public CosFixture {
 protected:
  void SetUp() override {
    CosFixture::SetUp();
    clip_ = clip_path(ClipKind::kH264LongGop);
    ASSERT_FALSE(clip_.empty());
    std::filesystem::copy_file(clip_, bucket_dir_ + "/long-gop.mp4");
    const std::vector<double> keyframes = keyframe_times(clip_);
    ASSERT_GE(keyframes.size(), 2u);
    ASSERT_LT(keyframes[0], kBetweenKeyframes);
    ASSERT_GT(keyframes[1], kBetweenKeyframes + 1) << "the time must lie well between two keyframes";
    keyframe_ref_ = reference_frame(clip_, keyframes[0]);
    exact_ref_ = reference_frame(clip_, kBetweenKeyframes);
    ASSERT_FALSE(keyframe_ref_.empty());
    ASSERT_FALSE(exact_ref_.empty());
    ASSERT_LT(psnr_against(keyframe_ref_, exact_ref_), kOtherFrameDb) << "the two references must differ";
    start_cos();
  }

  /// PSNR of the PNG answer to `params` against {keyframe reference, exact reference}.
  std::vector<double> likeness(std::vector<std::pair<std::string, std::string>> params) {
    params.emplace_back("format", "png");
    auto res = cos_get(snap("/long-gop.mp4", params));
    EXPECT_EQ(res.status, 200) << res.body.substr(0, 300);
    EXPECT_EQ(res.header("content-type"), "image/png");
    const std::string got = write_scratch_file(bytes_of(res.body), ".png");
    EXPECT_FALSE(got.empty());
    return psnr_many(got, {keyframe_ref_, exact_ref_});
  }

  std::string clip_;
  std::string keyframe_ref_;
  std::string exact_ref_;
};

TEST_F(CosSnapshotFrames, KeyframeModeShowsTheKeyframeBeforeTheTime) {
  const auto psnr = likeness({{"time", "5"}, {"mode", "keyframe"}});
  EXPECT_GE(psnr[0], kSameFrameDb) << "not the keyframe before T";
  EXPECT_LT(psnr[1], kOtherFrameDb) << "the frame at T instead of the keyframe";
}

TEST_F(CosSnapshotFrames, ExactframeModeShowsTheFrameAtTheTime) {
  const auto psnr = likeness({{"time", "5"}, {"mode", "exactframe"}});
  EXPECT_GE(psnr[1], kSameFrameDb) << "not the frame at T";
  EXPECT_LT(psnr[0], kOtherFrameDb) << "the keyframe instead of the frame at T";
}

TEST_F(CosSnapshotFrames, WithoutModeTheFrameAtTheTimeIsShown) {
  const auto psnr = likeness({{"time", "5"}});
  EXPECT_GE(psnr[1], kSameFrameDb);
  EXPECT_LT(psnr[0], kOtherFrameDb);
}

TEST_F(CosSnapshotFrames, BothModesOfOneObjectKeepTheirOwnFrames) {
  // One after the other on the same (hot, cached) object: neither answer is the other's.
  const auto exact = likeness({{"time", "5"}, {"mode", "exactframe"}});
  const auto key = likeness({{"time", "5"}, {"mode", "keyframe"}});
  const auto exact_again = likeness({{"time", "5"}, {"mode", "exactframe"}});
  EXPECT_GE(exact[1], kSameFrameDb);
  EXPECT_GE(key[0], kSameFrameDb);
  EXPECT_LT(key[1], kOtherFrameDb);
  EXPECT_GE(exact_again[1], kSameFrameDb);
  EXPECT_LT(exact_again[0], kOtherFrameDb);
}

}  // namespace
}  // namespace tg::testing
