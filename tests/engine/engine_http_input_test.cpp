// Inputs over HTTP from a loopback server with range requests: the same pictures as the local file.

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "engine/engine.hpp"
#include "support/clips.hpp"
#include "support/range_file_server.hpp"

namespace tg::engine {
namespace {

using tg::testing::ClipKind;
using tg::testing::clip_path;

TEST(HttpInput, SameFramesAsTheLocalFile) {
  const std::string clip = clip_path(ClipKind::kH264LongGop);
  const std::filesystem::path clip_file(clip);
  tg::testing::RangeFileServer server(clip_file.parent_path().string());
  const std::string url = server.base_url() + "/" + clip_file.filename().string();
  for (SeekMode mode : {SeekMode::kExact, SeekMode::kKeyframe}) {
    SnapshotRequest r;
    r.mode = mode;
    r.times = {TimePoint{10.5, false}, TimePoint{1.0, false}};
    r.image.width = 320;
    Source remote{url};
    remote.deadline = std::chrono::seconds(20);
    auto got = snapshot(remote, r);
    ASSERT_TRUE(got.ok()) << errc_name(got.error().code) << ": " << got.error().message;
    auto local = snapshot(Source{clip}, r);
    ASSERT_TRUE(local.ok());
    ASSERT_EQ(got->size(), 2u);
    for (size_t i = 0; i < 2; ++i) {
      EXPECT_EQ((*got)[i].frame_s, (*local)[i].frame_s);
      EXPECT_EQ((*got)[i].data, (*local)[i].data);
    }
  }
  auto info = probe(Source{url});
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_NEAR(info->duration_s, 12.0, 0.1);
  EXPECT_GE(server.requests(), 2);  // seeks are range requests
}

}  // namespace
}  // namespace tg::engine
