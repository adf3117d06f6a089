// What a client is told about a failed input names the FileId or key it sent and a reason, never a server
// path, an origin URL, a host or port, a credential or a library's error text; the server log has the
// detail, with the credentials redacted.

#include <fstream>
#include <string>
#include <vector>

#include "integration/cos_fixture.hpp"
#include "support/callback_receiver.hpp"
#include "support/closed_port.hpp"

namespace tg::testing {
namespace {

void expect_none_of(const std::string& text, const std::vector<std::string>& secrets, const std::string& what) {
  for (const std::string& secret : secrets) {
    EXPECT_EQ(text.find(secret), std::string::npos) << what << " shows \"" << secret << "\": " << text;
  }
}

class ErrorDisclosure : public CosFixture {
 protected:
  std::string snapshot_task(const std::string& file_id) {
    std::string body = call(kAppA, {{"Action", "MediaThumbnails"},
                                    {"Vendor", "Tencent"},
                                    {"FileId", file_id},
                                    {"Type", "SnapshotByTimeOffset"},
                                    {"Definition", "10"},
                                    {"ExtTimeOffsetSet[]", "1"}});
    EXPECT_EQ(code_of(body), 0) << body;
    return json_field(body, "Data.Tencent.TaskId");
  }
};

TEST_F(ErrorDisclosure, ACredentialBearingSourceFailsWithoutShowingItsUrl) {
  const std::string port = std::to_string(closed_port());
  const std::string origin = "http://admin:s3cr3tP4ss@127.0.0.1:" + port;
  media_json_.pop_back();  // the closing brace
  media_json_ += R"(,"remote-clip":")" + origin + R"(/x.mp4?token=abc"})";
  CallbackReceiver receiver;
  callback_url_ = receiver.url("/zego");
  start(R"(,"cos":{"buckets":[{"name":"originbucket-1250000000",)"
        R"("region":"ap-beijing","root":")" + origin + R"(/origin","acl":"public-read"}]})");
  const std::vector<std::string> secrets = {"s3cr3tP4ss", "admin", "token", "127.0.0.1", ":" + port,
                                            "Connection refused", "refused", "http://"};

  // ZEGO: DescribeMediaTask and the callback.
  const std::string task_id = snapshot_task("remote-clip");
  std::string described = wait_status(kAppA, "Tencent", task_id, {"FAIL"});
  const std::string message = json_field(described, "Data.Tencent.Message");
  EXPECT_NE(message.find("remote-clip"), std::string::npos) << described;
  expect_none_of(described, secrets, "DescribeMediaTask");
  auto callbacks = receiver.wait_for(1, 30000);
  ASSERT_EQ(callbacks.size(), 1u);
  expect_none_of(callbacks[0].body, secrets, "the callback");

  // COS: an origin bucket whose origin URL carries credentials.
  CosQuery q = snap("/x.mp4");
  q.host = "originbucket-1250000000.cos.ap-beijing.myqcloud.com";
  CosSigning anonymous;
  anonymous.anonymous = true;
  auto res = cos_get(q, anonymous);
  EXPECT_GE(res.status, 400) << res.body;
  EXPECT_FALSE(cos_code(res.body).empty()) << res.body;
  EXPECT_NE(res.body.find("x.mp4"), std::string::npos) << res.body;
  expect_none_of(res.body, secrets, "the COS error");

  // The server log has both failures, with the URLs redacted.
  ASSERT_TRUE(server_->wait_for_output("\"bucket\":\"originbucket-1250000000\"", 10000)) << server_->output();
  const std::string log = server_->output();
  EXPECT_NE(log.find("http://***@127.0.0.1:" + port + "/x.mp4?token=***"), std::string::npos) << log;
  EXPECT_NE(log.find("http://***@127.0.0.1:" + port + "/origin/x.mp4"), std::string::npos) << log;
  EXPECT_NE(log.find("\"task_id\":\"" + task_id + "\""), std::string::npos) << log;
  EXPECT_EQ(log.find("s3cr3tP4ss"), std::string::npos) << log;
}

TEST_F(ErrorDisclosure, ALocalFileThatIsNotAVideoFailsWithoutItsServerPath) {
  std::ofstream(dir_ + "/media/rec/notes.mp4") << "this is not a video at all";
  start_cos();
  const std::vector<std::string> secrets = {dir_, "/media/", "Invalid data"};

  const std::string task_id = snapshot_task("rec/notes.mp4");
  std::string described = wait_status(kAppA, "Tencent", task_id, {"FAIL"});
  EXPECT_NE(json_field(described, "Data.Tencent.Message").find("rec/notes.mp4"), std::string::npos) << described;
  expect_none_of(described, secrets, "DescribeMediaTask");

  auto res = cos_get(snap("/notes.mp4"));
  EXPECT_EQ(res.status, 400) << res.body;
  EXPECT_EQ(cos_code(res.body), "InvalidRequest") << res.body;
  EXPECT_NE(res.body.find("<Message>the object notes.mp4 "), std::string::npos) << res.body;
  expect_none_of(res.body, secrets, "the COS error");
  ASSERT_TRUE(server_->wait_for_output("\"key\":\"notes.mp4\"", 10000)) << server_->output();
  EXPECT_NE(server_->output().find(bucket_dir_ + "/notes.mp4"), std::string::npos) << server_->output();
}

}  // namespace
}  // namespace tg::testing
