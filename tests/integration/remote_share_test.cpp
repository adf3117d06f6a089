// Remote inputs get a bounded share of the workers and of the COS snapshot pool: while a trickling
// origin holds remote tasks and snapshots, local ones still run.

#include <future>

#include "integration/cos_fixture.hpp"
#include "support/image_probe.hpp"
#include "support/slow_origin.hpp"

namespace tg::testing {
namespace {

class RemoteShare : public CosFixture {
 protected:
  void SetUp() override {
    CosFixture::SetUp();
    std::filesystem::create_directories(dir_ + "/origin");
    std::filesystem::copy_file(clip_path(ClipKind::kH264Short), dir_ + "/origin/a.mp4");
    std::filesystem::copy_file(clip_path(ClipKind::kH264Short), dir_ + "/origin/b.mp4");
  }
};

TEST_F(RemoteShare, LocalTaskRunsWhileSlowOriginsHoldTheOtherWorkers) {
  SlowOrigin origin(dir_ + "/origin");
  origin.trickle(1, std::chrono::milliseconds(50));  // bytes keep coming, far too slowly to finish
  media_json_ = R"({"remote-a":")" + origin.base_url() + R"(/a.mp4","remote-b":")" + origin.base_url() +
                R"(/b.mp4"})";
  start(R"(,"workers":2)");
  std::vector<std::string> remote_ids;
  for (const char* id : {"remote-a", "remote-b"}) {
    std::string body = call(kAppA, {{"Action", "MediaThumbnails"}, {"Vendor", "Tencent"}, {"FileId", id},
                                    {"Type", "SnapshotByTimeOffset"}, {"Definition", "10"},
                                    {"ExtTimeOffsetSet[]", "1"}});
    ASSERT_EQ(code_of(body), 0) << body;
    remote_ids.push_back(json_field(body, "Data.Tencent.TaskId"));
  }
  ASSERT_TRUE(origin.wait_requests(1, 20000));
  std::string local = call(kAppA, {{"Action", "MediaThumbnails"}, {"Vendor", "Huawei"}, {"FileId", "clip.mp4"},
                                   {"Type", "SampleSnapshot"}, {"Interval", "2"}});
  ASSERT_EQ(code_of(local), 0) << local;
  std::string done = wait_status(kAppA, "Huawei", json_field(local, "Data.Huawei.task_id"), {"SUCCEEDED", "FAILED"});
  EXPECT_EQ(json_field(done, "Data.Huawei.Status"), "SUCCEEDED") << done;
  // One remote task runs, the other waits for the remote share: neither has failed.
  for (const auto& id : remote_ids) {
    std::string remote = call(kAppA, {{"Action", "DescribeMediaTask"}, {"Vendor", "Tencent"}, {"TaskId", id}});
    const std::string status = json_field(remote, "Data.Tencent.Status");
    EXPECT_TRUE(status == "PROCESSING" || status == "WAITING") << remote;
  }
}

TEST_F(RemoteShare, LocalSnapshotIsAnsweredWhileSlowOriginsHoldTheOtherSnapshotThread) {
  std::vector<std::future<HttpResult>> slow;  // declared first: ends after the origin stops trickling
  SlowOrigin origin(dir_ + "/origin");
  origin.trickle(1, std::chrono::milliseconds(50));
  start(R"(,"cos":{"engine_threads":2,"max_inflight":8,"buckets":[)"
        R"({"name":"originbucket-1250000000","region":"ap-beijing","root":")" + origin.base_url() +
        R"(","acl":"public-read"},)"
        R"({"name":"publicbucket-1250000000","region":"ap-guangzhou","root":")" + dir_ +
        R"(/media/public","acl":"public-read"}]})");
  CosSigning anonymous;
  anonymous.anonymous = true;
  for (const char* key : {"/a.mp4", "/b.mp4"}) {
    CosQuery q = snap(key);
    q.host = "originbucket-1250000000.cos.ap-beijing.myqcloud.com";
    slow.push_back(std::async(std::launch::async, [this, q, anonymous] { return cos_get(q, anonymous); }));
  }
  ASSERT_TRUE(origin.wait_requests(1, 20000));
  CosQuery local = snap("/clip.mp4", {{"time", "1"}, {"width", "80"}, {"height", "60"}});
  local.host = kCosPublicHost;
  auto answer = std::async(std::launch::async, [this, local, anonymous] { return cos_get(local, anonymous); });
  // Well inside the origin snapshots' 30 s deadline, which would otherwise free a thread.
  ASSERT_EQ(answer.wait_for(std::chrono::seconds(20)), std::future_status::ready)
      << "the local snapshot waited behind the origin ones";
  auto res = answer.get();
  ASSERT_EQ(res.status, 200) << res.body;
  auto info = probe_image_bytes(bytes_of(res.body));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->width, 80);
  EXPECT_EQ(origin.requests(), 1);  // the second origin snapshot waits for the remote share
}

}  // namespace
}  // namespace tg::testing
