// A vendor that exists only in the tests (tests/support/test_vendor/) is registered with one line next to
// the standard ones and served by the real server end to end: its request queues a task, a worker runs the
// real engine on a generated clip, the image is served under /outputs/, and its notification is POSTed.

#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include "adapters/registry.hpp"
#include "gateway/application.hpp"
#include "support/callback_receiver.hpp"
#include "support/clips.hpp"
#include "support/http_client.hpp"
#include "support/test_vendor/test_vendor.hpp"

namespace tg::testing {
namespace {

std::string json_string_field(const std::string& json, const std::string& name) {
  const std::string key = "\"" + name + "\":\"";
  const auto start = json.find(key);
  if (start == std::string::npos) return "";
  const auto end = json.find('"', start + key.size());
  return json.substr(start + key.size(), end - start - key.size());
}

TEST(TestVendor, ServesASubmissionThroughTheRealServerToOutputAndNotification) {
  const std::string clip = clip_path(ClipKind::kH264Short);
  ASSERT_FALSE(clip.empty());
  const std::string dir = fresh_test_dir("test-vendor");
  std::filesystem::create_directories(dir + "/media");
  std::filesystem::copy_file(clip, dir + "/media/clip.mp4");
  CallbackReceiver receiver;
  std::ofstream(dir + "/config.json") << R"({"listen":"127.0.0.1:0","data_dir":")" << dir << R"(/data",)"
                                      << R"("media_root":")" << dir << R"(/media","workers":1,)"
                                      << R"("outbound":{"allow_networks":["127.0.0.1"]},)"
                                      << R"("test_vendor":{"callback_url":")" << receiver.url() << R"("}})";

  adapters::VendorList vendors = adapters::standard_vendors();
  vendors.push_back(test_vendor());  // the registry line

  std::promise<std::string> listening;
  std::ostringstream out;
  std::ostringstream err;
  int exit_code = -1;
  std::thread server([&] {
    exit_code = gateway::run_server(dir + "/config.json", "", vendors, out, err,
                                    [&](const std::string& url) { listening.set_value(url); });
  });
  auto bound = listening.get_future();
  if (bound.wait_for(std::chrono::seconds(30)) != std::future_status::ready) {
    pthread_kill(server.native_handle(), SIGTERM);
    server.join();
    FAIL() << "the server did not start: " << err.str();
  }
  const std::string base = bound.get();

  HttpResult submitted = http_get(base + "/test-vendor/snapshot?file=clip.mp4&ms=1500");
  EXPECT_EQ(submitted.status, 200) << submitted.body;
  const std::string task_id = json_string_field(submitted.body, "task_id");
  EXPECT_FALSE(task_id.empty()) << submitted.body;

  auto posts = receiver.wait_for(1, 60000);
  ASSERT_EQ(posts.size(), 1u);
  EXPECT_EQ(json_string_field(posts[0].body, "task_id"), task_id) << posts[0].body;
  EXPECT_EQ(json_string_field(posts[0].body, "status"), "SUCCEEDED") << posts[0].body;
  const std::string url = base + "/outputs/" + task_id + "/1500.jpg";
  EXPECT_NE(posts[0].body.find(url), std::string::npos) << posts[0].body;

  HttpResult image = http_get(url);
  EXPECT_EQ(image.status, 200);
  EXPECT_EQ(image.header("content-type"), "image/jpeg");
  ASSERT_GE(image.body.size(), 3u);
  EXPECT_EQ(image.body.substr(0, 3), std::string("\xFF\xD8\xFF"));

  // A vendor's route is not another's: the standard vendors still answer theirs, unknown paths are 404.
  EXPECT_EQ(http_get(base + "/test-vendor/other").status, 404);

  pthread_kill(server.native_handle(), SIGTERM);
  server.join();
  EXPECT_EQ(exit_code, 0) << err.str();
}

}  // namespace
}  // namespace tg::testing
