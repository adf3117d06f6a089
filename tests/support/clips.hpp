#pragma once
// Test clips generated with the ffmpeg CLI into the build tree (TG_TEST_WORK_DIR/clips), made once and
// reused by every suite. Tests never read anything outside the build tree.

#include <string>

namespace tg::testing {

enum class ClipKind {
  kH264LongGop,    // MP4 H.264 640x360 25 fps, 12 s, GOP 250 (one keyframe ~10 s), B-frames, testsrc2
  kH264Short,      // MP4 H.264 320x240 25 fps, 6 s, GOP 50, B-frames: the quick clip for gateway tests
  kHevc,           // MP4 HEVC 640x360 25 fps, 6 s, GOP 50, B-frames
  kVp9Webm,        // WebM VP9 640x360 25 fps, 6 s, GOP 50
  kRotated90,      // MP4 H.264 640x360, 4 s, with a 90-degree display matrix (displays as 360x640)
  kAnamorphic,     // MP4 H.264 coded 480x360 with SAR 4:3 (displays as 640x360), 4 s
  kTenBit,         // MP4 H.264 High10 (yuv420p10le) 640x360, 4 s
  kStartOffset,    // MPEG-TS H.264 640x360 25 fps, first timestamp at 10 s, 6 s long, GOP 50
  kBlackOpening,   // MP4 H.264 320x240, first 2 s black then testsrc2, 6 s
  kAudioOnly,      // M4A AAC, 4 s, no video stream
  kTruncated,      // kH264LongGop cut to its first 40 % of bytes (moov at the end: unreadable index)
  kLongGop1080p,   // MP4 H.264 1920x1080 25 fps, 20 s, GOP 250, B-frames (slow to make: not for unit tests)
  kPixelBombAvi,   // AVI MJPEG, one gray 9000x9000 frame (~0.5 MB that decodes to 121 MB): a decompression bomb
  kPixelBombMov,   // MOV PNG, one gray 9000x9000 frame (~0.3 MB that decodes to 243 MB of RGB)
  kPixelBombLiar,  // kPixelBombAvi with its AVI headers saying 320x240: only the JPEG inside tells 9000x9000
  kRedQuadrant,    // MP4 H.264 320x240 25 fps, 4 s, GOP 50: blue with the top-left 160x120 quadrant red
  kH264Wide,       // MP4 H.264 960x540 25 fps, 6 s, GOP 250, B-frames: larger than any animated preview
};

/// Absolute path of the clip, generating it on first use (safe across threads and processes). If ffmpeg
/// fails it records a non-fatal test failure and returns "": callers ASSERT_FALSE(path.empty()).
std::string clip_path(ClipKind kind);

/// The build tree's scratch folder for tests (created); `sub` is appended.
std::string work_dir(const std::string& sub = "");

/// An empty folder of the running test's own, work_dir(area + "/<Suite>.<Test>"): tests of one suite run
/// in parallel processes and must not share scratch files.
std::string fresh_test_dir(const std::string& area);

}  // namespace tg::testing
