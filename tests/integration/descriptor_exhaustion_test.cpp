// A gateway with few descriptors (RLIMIT_NOFILE 128, set on the child process) and more idle client
// connections than it has descriptors: it keeps a connection cap below its limit and closes the longest
// idle connection for a new one, so new clients are served, and its tasks and callbacks keep their
// descriptors meanwhile.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <rapidjson/document.h>

#include <future>

#include "integration/gateway_fixture.hpp"
#include "support/callback_receiver.hpp"

namespace tg::testing {
namespace {

constexpr long kServerOpenFiles = 128;
constexpr int kIdleClients = 150;  // more than the server's descriptors

// Client connections that connect and then send nothing.
class IdleClients {
 public:
  IdleClients(uint16_t port, int count) {
    for (int i = 0; i < count; ++i) {
      int fd = ::socket(AF_INET, SOCK_STREAM, 0);
      if (fd < 0) break;
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      addr.sin_port = htons(port);
      addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        break;
      }
      fds_.push_back(fd);
    }
  }
  ~IdleClients() { close_all(); }
  int connected() const { return static_cast<int>(fds_.size()); }
  void close_all() {
    for (int fd : fds_) ::close(fd);
    fds_.clear();
  }

 private:
  std::vector<int> fds_;
};

class DescriptorExhaustion : public GatewayFixture {};

TEST_F(DescriptorExhaustion, IdleConnectionsBeyondTheLimitDoNotLockOutANewClient) {
  limits_.open_files = kServerOpenFiles;
  start(R"(,"workers":1)");  // the default header timeout: 10 s
  IdleClients idle(server_->port(), kIdleClients);
  ASSERT_EQ(idle.connected(), kIdleClients);
  // Behind the idle connections in the listen backlog: at the cap the longest-idle one makes room for the
  // next. Without the cap the listener runs out of descriptors, and the idle connections it holds stay
  // open for the 30 s read timeout: more than this bounded wait.
  auto answer = std::async(std::launch::async, [url = server_->base_url() + "/no-such-page"] { return http_get(url); });
  ASSERT_EQ(answer.wait_for(std::chrono::seconds(20)), std::future_status::ready);
  EXPECT_EQ(answer.get().status, 404);
  std::string body = call(kAppA, {{"Action", "DescribeMediaTask"}, {"Vendor", "Huawei"}, {"TaskId", "none"}});
  EXPECT_EQ(code_of(body), 0) << body;
  EXPECT_NE(server_->output().find("\"max_connections\":\"12\""), std::string::npos) << server_->output();
}

TEST_F(DescriptorExhaustion, TasksAndCallbacksCarryOnWhileIdleClientsHoldEveryConnection) {
  CallbackReceiver receiver;
  callback_url_ = receiver.url("/zego/snapshot");
  std::filesystem::copy_file(long_clip(20), dir_ + "/media/long.mp4");
  limits_.open_files = kServerOpenFiles;
  start(R"(,"workers":1,"header_timeout_ms":60000)");
  std::string first = call(kAppA, {{"Action", "MediaThumbnails"}, {"Vendor", "Huawei"}, {"FileId", "long.mp4"},
                                   {"Type", "SampleSnapshot"}, {"Interval", "1"}});
  std::string second = call(kAppA, {{"Action", "MediaThumbnails"}, {"Vendor", "Huawei"}, {"FileId", "clip.mp4"},
                                    {"Type", "SampleSnapshot"}, {"Interval", "1"}});
  ASSERT_EQ(code_of(first), 0) << first;
  ASSERT_EQ(code_of(second), 0) << second;
  const std::string first_id = json_field(first, "Data.Huawei.task_id");
  const std::string second_id = json_field(second, "Data.Huawei.task_id");

  // The second task opens its input, and both callbacks are sent, while these hold every connection slot.
  IdleClients idle(server_->port(), kIdleClients);
  ASSERT_EQ(idle.connected(), kIdleClients);
  auto got = receiver.wait_for(2, 60000);
  ASSERT_EQ(got.size(), 2u) << server_->output();
  for (const auto& req : got) {
    rapidjson::Document doc;
    doc.Parse(req.body.c_str());
    ASSERT_FALSE(doc.HasParseError()) << req.body;
    rapidjson::Document pics;
    pics.Parse(doc["snapshot_pic_list"].GetString());
    ASSERT_TRUE(pics.IsArray()) << req.body;
    EXPECT_GT(pics.Size(), 0u) << "a failed task's callback: " << req.body;
  }
  idle.close_all();
  for (const auto& id : {first_id, second_id}) {
    std::string done = wait_status(kAppA, "Huawei", id, {"SUCCEEDED", "FAILED"});
    EXPECT_EQ(json_field(done, "Data.Huawei.Status"), "SUCCEEDED") << done;
  }
}

}  // namespace
}  // namespace tg::testing
