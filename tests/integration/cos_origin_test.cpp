// Buckets whose objects live at an http origin: the key is appended to the origin URL, the engine reads it
// with range requests, a missing object at the origin is NoSuchKey.

#include <gtest/gtest.h>

#include "integration/cos_fixture.hpp"
#include "support/image_probe.hpp"
#include "support/range_file_server.hpp"

namespace tg::testing {
namespace {

class CosOriginTest : public CosFixture {};

TEST_F(CosOriginTest, SnapshotsOfOriginObjectsAndMissingOnes) {
  std::filesystem::create_directories(dir_ + "/origin/dir");
  std::filesystem::copy_file(clip_path(ClipKind::kH264Short), dir_ + "/origin/dir/a b.mp4");
  RangeFileServer origin(dir_ + "/origin");
  start(R"(,"cos":{"buckets":[{"name":"originbucket-1250000000","region":"ap-beijing","root":")" +
        origin.base_url() + R"(","acl":"public-read"}]})");
  CosQuery q = snap("/dir/a b.mp4", {{"time", "2"}, {"width", "100"}, {"height", "50"}});
  q.host = "originbucket-1250000000.cos.ap-beijing.myqcloud.com";
  CosSigning anonymous;
  anonymous.anonymous = true;
  auto res = cos_get(q, anonymous);
  ASSERT_EQ(res.status, 200) << res.body << " origin asked for: " << ::testing::PrintToString(origin.paths());
  auto info = probe_image_bytes(bytes_of(res.body));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->width, 100);
  EXPECT_EQ(info->height, 50);
  auto paths = origin.paths();
  ASSERT_FALSE(paths.empty());
  EXPECT_EQ(paths.front(), "/origin/dir/a%20b.mp4");

  CosQuery missing = snap("/dir/missing.mp4");
  missing.host = q.host;
  auto gone = cos_get(missing, anonymous);
  EXPECT_EQ(gone.status, 404) << gone.body;
  EXPECT_EQ(cos_code(gone.body), "NoSuchKey") << gone.body;
}

TEST_F(CosOriginTest, AnOriginAtANonPublicAddressIsRefusedWithoutAnAllowList) {
  std::filesystem::create_directories(dir_ + "/origin");
  std::filesystem::copy_file(clip_path(ClipKind::kH264Short), dir_ + "/origin/a.mp4");
  RangeFileServer origin(dir_ + "/origin");
  outbound_json_.clear();  // public addresses only
  // The origin is named by a host name that resolves to loopback, as a rebinding name would.
  const std::string port_and_path = origin.base_url().substr(origin.base_url().rfind(':'));
  start(R"(,"cos":{"buckets":[{"name":"originbucket-1250000000","region":"ap-beijing","root":"http://localhost)" +
        port_and_path + R"(","acl":"public-read"}]})");
  CosQuery q = snap("/a.mp4");
  q.host = "originbucket-1250000000.cos.ap-beijing.myqcloud.com";
  CosSigning anonymous;
  anonymous.anonymous = true;
  auto res = cos_get(q, anonymous);
  EXPECT_EQ(res.status, 403) << res.body;
  EXPECT_EQ(cos_code(res.body), "AccessDenied") << res.body;
  EXPECT_EQ(res.body.find("localhost"), std::string::npos) << res.body;
  EXPECT_EQ(res.body.find("127.0.0.1"), std::string::npos) << res.body;
  EXPECT_EQ(origin.connections(), 0);
}

}  // namespace
}  // namespace tg::testing
