// Only the allow-listed containers are demuxed. Playlists, concat lists, image sequences, SDP and DASH
// manifests are refused as not media before they can name anything, whatever their file name, and
// nothing they name (files outside the folder, internal addresses) is ever opened.

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "engine/engine.hpp"
#include "support/clips.hpp"
#include "support/media_tricks.hpp"
#include "support/range_file_server.hpp"

namespace tg::engine {
namespace {

namespace fs = std::filesystem;
using tg::testing::ClipKind;
using tg::testing::clip_path;

SnapshotRequest one_time() {
  SnapshotRequest r;
  r.times = {TimePoint{1.0, false}};
  return r;
}

TEST(FormatAllowList, PlaylistsAndOtherTricksAreNotMediaAndOpenNothing) {
  const std::string dir = tg::testing::fresh_test_dir("engine-format-allow-list");
  const std::string media = dir + "/media";
  const std::string outside = dir + "/outside";
  fs::create_directories(media);
  tg::testing::write_outside_secrets(outside);
  tg::testing::RangeFileServer internal(outside);
  const auto tricks = tg::testing::write_media_tricks(media, outside, internal.base_url() + "/secret.ts");
  ASSERT_GE(tricks.size(), 10u);

  tg::testing::OpenWatch watch(outside);
  for (const auto& trick : tricks) {
    const std::string path = media + "/" + trick.name;
    Source source{path};
    source.deadline = std::chrono::seconds(10);
    auto image = snapshot(source, one_time());
    EXPECT_FALSE(image.ok()) << trick.what << " gave an image";
    if (!image.ok()) {
      EXPECT_EQ(image.error().code, Errc::kNotMedia)
          << trick.what << ": " << errc_name(image.error().code) << " " << image.error().detail;
    }
    auto info = probe(source);
    EXPECT_FALSE(info.ok()) << trick.what;
    if (!info.ok()) {
      EXPECT_EQ(info.error().code, Errc::kNotMedia) << trick.what;
    }
    EXPECT_TRUE(watch.opened().empty()) << trick.what << " opened a file outside its folder";
  }
  EXPECT_EQ(internal.requests(), 0) << "a trick reached the internal address";
}

TEST(FormatAllowList, TheContainersTheTestsAndVendorsUseAreRead) {
  for (ClipKind kind : {ClipKind::kH264Short, ClipKind::kVp9Webm, ClipKind::kStartOffset, ClipKind::kHevc}) {
    const std::string clip = clip_path(kind);
    ASSERT_FALSE(clip.empty());
    auto image = snapshot(Source{clip}, one_time());
    EXPECT_TRUE(image.ok()) << clip << ": " << (image.ok() ? "" : image.error().detail);
  }
}

// A file whose name reads like a libav protocol or a concat list is only ever the file it names.
TEST(FormatAllowList, NamesAreNeverReadAsProtocols) {
  const std::string dir = tg::testing::fresh_test_dir("engine-format-allow-list");
  const std::string clip = clip_path(ClipKind::kH264Short);
  ASSERT_FALSE(clip.empty());
  for (const char* name : {"concat:a.mp4|b.mp4", "subfile:,,start,0,end,0,,:x.mp4", "tee:x.mp4", "crypto:x.mp4"}) {
    fs::copy_file(clip, dir + "/" + name);
    auto image = snapshot(Source{dir + "/" + name}, one_time());
    EXPECT_TRUE(image.ok()) << name << ": " << (image.ok() ? "" : image.error().detail);
  }
}

}  // namespace
}  // namespace tg::engine
