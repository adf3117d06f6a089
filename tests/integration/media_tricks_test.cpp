// Over the real server: playlists and the other demuxer tricks are refused with each vendor's "not media"
// answer, from a local bucket, from an http origin and through the ZEGO API, and nothing they name is read
// (no file outside the root is opened, no internal address is asked).

#include <filesystem>
#include <string>

#include "integration/cos_fixture.hpp"
#include "support/media_tricks.hpp"
#include "support/range_file_server.hpp"

namespace tg::testing {
namespace {

namespace fs = std::filesystem;

class MediaTricks : public CosFixture {
 protected:
  void SetUp() override {
    CosFixture::SetUp();
    outside_ = dir_ + "/outside";
    write_outside_secrets(outside_);
  }

  void expect_not_media(const HttpResult& res, const MediaTrick& trick) {
    EXPECT_EQ(res.status, 400) << trick.what << ": " << res.body;
    EXPECT_EQ(cos_code(res.body), "InvalidRequest") << trick.what << ": " << res.body;
    EXPECT_NE(res.body.find("not a video in a supported format"), std::string::npos) << trick.what << ": " << res.body;
  }

  std::string outside_;
};

TEST_F(MediaTricks, CosLocalBucketRefusesEveryTrick) {
  RangeFileServer internal(outside_);
  fs::create_directories(bucket_dir_ + "/tricks");
  const auto tricks = write_media_tricks(bucket_dir_ + "/tricks", outside_, internal.base_url() + "/secret.ts");
  start_cos();
  OpenWatch watch(outside_);
  for (const auto& trick : tricks) expect_not_media(cos_get(snap("/tricks/" + trick.name)), trick);
  EXPECT_EQ(watch.opened(), std::vector<std::string>{});
  EXPECT_EQ(internal.requests(), 0);
}

TEST_F(MediaTricks, CosOriginBucketRefusesEveryTrick) {
  RangeFileServer internal(outside_);
  fs::create_directories(dir_ + "/origin");
  const auto tricks = write_media_tricks(dir_ + "/origin", outside_, internal.base_url() + "/secret.ts");
  RangeFileServer origin(dir_ + "/origin");
  start(R"(,"cos":{"buckets":[{"name":"originbucket-1250000000",)"
        R"("region":"ap-beijing","root":")" + origin.base_url() + R"(","acl":"public-read"}]})");
  OpenWatch watch(outside_);
  CosSigning anonymous;
  anonymous.anonymous = true;
  for (const auto& trick : tricks) {
    CosQuery q = snap("/" + trick.name);
    q.host = "originbucket-1250000000.cos.ap-beijing.myqcloud.com";
    expect_not_media(cos_get(q, anonymous), trick);
  }
  EXPECT_EQ(watch.opened(), std::vector<std::string>{});
  EXPECT_EQ(internal.requests(), 0);
  for (const std::string& path : origin.paths()) EXPECT_EQ(path.find("secret"), std::string::npos) << path;
}

TEST_F(MediaTricks, ZegoTasksOnTricksFailAsNotMedia) {
  RangeFileServer internal(outside_);
  fs::create_directories(dir_ + "/media/tricks");
  const auto tricks = write_media_tricks(dir_ + "/media/tricks", outside_, internal.base_url() + "/secret.ts");
  // One task per trick and the polls for each: more calls in a second than the default limit allows.
  start("", R"([{"app_id":")" + kAppA.app_id + R"(","server_secret":")" + kAppA.server_secret +
                R"(","requests_per_second":1000}])");
  OpenWatch watch(outside_);
  for (const auto& trick : tricks) {
    std::string body = call(kAppA, {{"Action", "MediaThumbnails"},
                                    {"Vendor", "Tencent"},
                                    {"FileId", "tricks/" + trick.name},
                                    {"Type", "SnapshotByTimeOffset"},
                                    {"Definition", "10"},
                                    {"ExtTimeOffsetSet[]", "1"}});
    ASSERT_EQ(code_of(body), 0) << trick.what << ": " << body;
    std::string described = wait_status(kAppA, "Tencent", json_field(body, "Data.Tencent.TaskId"), {"FAIL", "FINISH"});
    EXPECT_EQ(json_field(described, "Data.Tencent.Status"), "FAIL") << trick.what << ": " << described;
    EXPECT_EQ(json_field(described, "Data.Tencent.Message"),
              "tricks/" + trick.name + ": the input is not a video in a supported format")
        << trick.what;
  }
  EXPECT_EQ(watch.opened(), std::vector<std::string>{});
  EXPECT_EQ(internal.requests(), 0);
}

}  // namespace
}  // namespace tg::testing
