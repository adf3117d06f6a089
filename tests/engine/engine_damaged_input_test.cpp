// Damaged media: garbage inside the stream or a cut-off end. The engine answers (an image or an
// error) without crashing or hanging.

#include <chrono>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "engine/engine.hpp"
#include "support/clips.hpp"

namespace tg::engine {
namespace {

using tg::testing::ClipKind;
using tg::testing::clip_path;

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string write_variant(const std::string& name, const std::string& bytes) {
  std::string path = tg::testing::work_dir("engine-damaged") + "/" + name;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  return path;
}

SnapshotRequest times(std::vector<double> seconds, SeekMode mode) {
  SnapshotRequest r;
  for (double s : seconds) r.times.push_back(TimePoint{s, false});
  r.mode = mode;
  return r;
}

TEST(DamagedInput, GarbageInsideTheStreamStillAnswers) {
  std::string bytes = read_all(clip_path(ClipKind::kH264Short));
  ASSERT_GT(bytes.size(), 10000u);
  // Overwrite stretches in the media data (after the moov of a faststart file) with a fixed pattern.
  uint32_t x = 12345;
  for (size_t pos = bytes.size() / 5; pos + 64 < bytes.size(); pos += bytes.size() / 17) {
    for (size_t i = 0; i < 2000 && pos + i < bytes.size(); ++i) {
      x = x * 1103515245u + 12345u;
      bytes[pos + i] = static_cast<char>(x >> 24);
    }
  }
  const std::string path = write_variant("garbage.mp4", bytes);
  for (SeekMode mode : {SeekMode::kExact, SeekMode::kKeyframe}) {
    auto started = std::chrono::steady_clock::now();
    auto result = snapshot(Source{path}, times({0.5, 2.2, 3.9, 5.9, 30}, mode));
    if (result.ok()) {
      EXPECT_EQ(result->size(), 5u);
      for (const Image& im : *result) EXPECT_FALSE(im.data.empty());
    } else {
      EXPECT_TRUE(result.error().code == Errc::kCorrupt || result.error().code == Errc::kNotMedia)
          << errc_name(result.error().code) << ": " << result.error().message;
    }
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
  }
}

TEST(DamagedInput, CutOffEndGivesTheLastDecodableFrame) {
  std::string bytes = read_all(clip_path(ClipKind::kH264Short));  // faststart: the index comes first
  const std::string path = write_variant("cut.mp4", bytes.substr(0, bytes.size() / 2));
  auto result = snapshot(Source{path}, times({1.0, 5.5}, SeekMode::kExact));
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_NEAR((*result)[0].frame_s, 1.0, 1e-3);
  EXPECT_LT((*result)[1].frame_s, 5.5);
  auto key = snapshot(Source{path}, times({5.5}, SeekMode::kKeyframe));
  if (!key.ok()) {
    EXPECT_EQ(key.error().code, Errc::kCorrupt) << key.error().message;
  }
}

TEST(DamagedInput, HeaderOnlyIsAnError) {
  std::string bytes = read_all(clip_path(ClipKind::kH264Short));
  const std::string path = write_variant("header.mp4", bytes.substr(0, 64));
  auto result = snapshot(Source{path}, times({1.0}, SeekMode::kExact));
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(result.error().code == Errc::kCorrupt || result.error().code == Errc::kNotMedia)
      << errc_name(result.error().code);
}

}  // namespace
}  // namespace tg::engine
