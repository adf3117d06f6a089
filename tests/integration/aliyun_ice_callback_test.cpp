// The SnapshotComplete event of a finished ICE job, POSTed to aliyun_ice.event_url through the durable
// callback outbox, with its signed URLs usable.

#include <fstream>

#include "integration/aliyun_ice_fixture.hpp"

namespace tg::testing {
namespace {

class IceCallbackTest : public IceFixture {};

TEST_F(IceCallbackTest, SuccessAndFailureEventsAreDelivered) {
  CallbackReceiver receiver;
  event_url_ = receiver.url("/ice-events");
  start_ice();
  const std::string ok = submit("oss://in-bucket/clip.mp4", "oss://out-bucket/cb/{Count}.jpg",
                                R"({"TemplateId":"tpl-normal","OverwriteParams":{"Count":2,"Interval":1}})", {},
                                "my-data");
  ASSERT_FALSE(ok.empty());
  auto got = receiver.wait_for(1, 60000);
  ASSERT_GE(got.size(), 1u);
  EXPECT_EQ(got[0].method, "POST");
  EXPECT_EQ(got[0].target, "/ice-events");
  auto event = json_of(got[0].body);
  EXPECT_EQ(str_of(event, "EventType"), "SnapshotComplete");
  EXPECT_FALSE(str_of(event, "EventTime").empty());
  ASSERT_TRUE(event.HasMember("MessageBody"));
  const auto& body = event["MessageBody"];
  EXPECT_EQ(str_of(body, "JobId"), ok);
  EXPECT_EQ(str_of(body, "Status"), "Success");
  EXPECT_EQ(str_of(body, "UserData"), "my-data");
  ASSERT_TRUE(body["SnapshotUrls"].IsArray());
  ASSERT_EQ(body["SnapshotUrls"].Size(), 2u);
  auto image = http_get(body["SnapshotUrls"][1].GetString());
  EXPECT_EQ(image.status, 200);
  EXPECT_EQ(image.header("content-type"), "image/jpeg");

  // A job that fails (the object is not a video) still gets its event, with Code and Message.
  std::ofstream(bucket_dir_ + "/notes.mp4") << "this is not a video at all";
  const std::string bad = submit("oss://in-bucket/notes.mp4", "oss://out-bucket/cb/bad.jpg", R"({"TemplateId":"tpl-normal"})");
  ASSERT_FALSE(bad.empty());
  auto both = receiver.wait_for(2, 60000);
  ASSERT_GE(both.size(), 2u);
  auto failed = json_of(both[1].body);
  const auto& failed_body = failed["MessageBody"];
  EXPECT_EQ(str_of(failed_body, "JobId"), bad);
  EXPECT_EQ(str_of(failed_body, "Status"), "Fail");
  EXPECT_EQ(str_of(failed_body, "Code"), "InputFile.Invalid");
  EXPECT_NE(str_of(failed_body, "Message").find("notes.mp4"), std::string::npos);
  EXPECT_EQ(str_of(failed_body, "Message").find(dir_), std::string::npos);  // no server path
  auto job = json_of(wait_job(bad));
  EXPECT_EQ(str_of(job["SnapshotJob"], "Status"), "Fail");
  EXPECT_EQ(str_of(job["SnapshotJob"], "Code"), "InputFile.Invalid");
}

}  // namespace
}  // namespace tg::testing
