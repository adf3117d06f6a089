// Inputs over HTTP from a loopback server: the same pictures as the local file, whether the server
// honours range requests or not; loopback only when allowed; and no file can make libav connect anywhere.

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "engine/engine.hpp"
#include "support/clips.hpp"
#include "support/range_file_server.hpp"

namespace tg::engine {
namespace {

using tg::testing::ClipKind;
using tg::testing::clip_path;

AddressPolicy loopback_allowed() {
  auto policy = AddressPolicy::from_allow_list({"127.0.0.1"});
  EXPECT_TRUE(policy.ok());
  return policy.ok() ? *policy : AddressPolicy();
}

void expect_same_frames_as_local(const std::string& clip, const std::string& url, const AddressPolicy& policy) {
  for (SeekMode mode : {SeekMode::kExact, SeekMode::kKeyframe}) {
    SnapshotRequest r;
    r.mode = mode;
    r.times = {TimePoint{10.5, false}, TimePoint{1.0, false}};
    r.image.width = 320;
    Source remote{url};
    remote.deadline = std::chrono::seconds(20);
    remote.policy = &policy;
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
}

TEST(HttpInput, SameFramesAsTheLocalFile) {
  const std::string clip = clip_path(ClipKind::kH264LongGop);
  const std::filesystem::path clip_file(clip);
  const AddressPolicy policy = loopback_allowed();
  tg::testing::RangeFileServer server(clip_file.parent_path().string());
  const std::string url = server.base_url() + "/" + clip_file.filename().string();
  expect_same_frames_as_local(clip, url, policy);
  Source source{url};
  source.policy = &policy;
  auto info = probe(source);
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_NEAR(info->duration_s, 12.0, 0.1);
  EXPECT_GE(server.requests(), 2);  // seeks are range requests
  for (const std::string& range : server.ranges()) EXPECT_EQ(range.rfind("bytes=", 0), 0u) << range;
}

TEST(HttpInput, SameFramesFromAServerThatIgnoresRange) {
  const std::string clip = clip_path(ClipKind::kH264LongGop);
  const std::filesystem::path clip_file(clip);
  const AddressPolicy policy = loopback_allowed();
  tg::testing::RangeFileServer server(clip_file.parent_path().string(), {.honour_range = false});
  expect_same_frames_as_local(clip, server.base_url() + "/" + clip_file.filename().string(), policy);
}

TEST(HttpInput, LoopbackIsRefusedUnlessAllowedAndTheMessageNamesNoAddress) {
  const std::string clip = clip_path(ClipKind::kH264Short);
  const std::filesystem::path clip_file(clip);
  tg::testing::RangeFileServer server(clip_file.parent_path().string());
  SnapshotRequest r;
  r.times = {TimePoint{1.0, false}};
  auto refused = snapshot(Source{server.base_url() + "/" + clip_file.filename().string() + "?token=secret"}, r);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Errc::kForbidden);
  EXPECT_NE(refused.error().message.find("the source's address is not allowed"), std::string::npos)
      << refused.error().message;
  for (const char* leak : {"127.0.0.1", "secret", "/origin/"}) {
    EXPECT_EQ(refused.error().message.find(leak), std::string::npos) << refused.error().message;
  }
  EXPECT_EQ(server.connections(), 0);
}

TEST(HttpInput, ALocalPlaylistCannotMakeLibavConnect) {
  const std::string clip = clip_path(ClipKind::kH264Short);
  const std::filesystem::path clip_file(clip);
  tg::testing::RangeFileServer server(clip_file.parent_path().string());
  const std::string dir = tg::testing::fresh_test_dir("engine-http");
  const std::string playlist = dir + "/list.m3u8";
  std::ofstream(playlist) << "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6.0,\n" << server.base_url() << "/"
                          << clip_file.filename().string() << "\n#EXT-X-ENDLIST\n";
  const AddressPolicy policy = loopback_allowed();  // even where the address would be allowed
  Source source{playlist};
  source.policy = &policy;
  source.deadline = std::chrono::seconds(10);
  SnapshotRequest r;
  r.times = {TimePoint{1.0, false}};
  auto got = snapshot(source, r);
  EXPECT_FALSE(got.ok());
  EXPECT_EQ(server.connections(), 0);
}

}  // namespace
}  // namespace tg::engine
