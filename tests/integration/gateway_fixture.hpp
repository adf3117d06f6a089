#pragma once
// Shared set-up for tests that drive the real `thumbgate serve` process over HTTP: a private folder with
// media/, a config file, and helpers to call the ZEGO API and wait for tasks.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include "support/clips.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/zego_client.hpp"

namespace tg::testing {

inline const ZegoCredentials kAppA{"1234567", "9193cc662a4c0ec135ec71fb57194b38"};
inline const ZegoCredentials kAppB{"7654321", "0123456789abcdef0123456789abcdef"};

class GatewayFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = work_dir(std::string("gateway/") + info->test_suite_name() + "." + info->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ + "/media/rec");
    std::string clip = clip_path(ClipKind::kH264Short);
    ASSERT_FALSE(clip.empty());
    std::filesystem::copy_file(clip, dir_ + "/media/clip.mp4");
    std::filesystem::copy_file(clip, dir_ + "/media/rec/a.mp4");
  }

  void TearDown() override { server_.reset(); }

  /// A 640x360 H.264 clip of `seconds` (GOP 250) for work long enough to be caught in the middle,
  /// made once per build tree with the ffmpeg CLI.
  static std::string long_clip(int seconds) {
    std::string path = work_dir("clips") + "/long-" + std::to_string(seconds) + "s.mp4";
    if (!std::filesystem::exists(path)) {
      std::string tmp = path + ".tmp." + std::to_string(::getpid()) + ".mp4";
      std::string cmd = "ffmpeg -loglevel error -y -f lavfi -i testsrc2=size=640x360:rate=25:duration=" +
                        std::to_string(seconds) + " -c:v libx264 -preset ultrafast -g 250 -pix_fmt yuv420p '" +
                        tmp + "'";
      EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
      std::filesystem::rename(tmp, path);
    }
    return path;
  }

  /// The "apps" member of the config; tests override it before start().
  std::string apps_json() const {
    return R"([{"app_id":")" + kAppA.app_id + R"(","server_secret":")" + kAppA.server_secret +
           R"(","callback_url":")" + callback_url_ + R"(","callback_secret":"cbsecret"},)" +
           R"({"app_id":")" + kAppB.app_id + R"(","server_secret":")" + kAppB.server_secret + R"("}])";
  }

  /// Writes the config (with `extra` members appended) and starts the server.
  void start(const std::string& extra = "", const std::string& apps = "") {
    std::string config = R"({"listen":"127.0.0.1:0","data_dir":")" + dir_ + R"(/data","media_root":")" + dir_ +
                         R"(/media","lease_ms":2000,"callback_retry_delays_ms":)" + retry_delays_ + "," +
                         R"("media":)" + media_json_ + R"(,"apps":)" +
                         (apps.empty() ? apps_json() : apps) + outbound_json_ + extra + "}";
    std::ofstream(dir_ + "/config.json") << config;
    restart();
  }

  /// Starts (again) on the config already written.
  void restart() {
    server_ = ServerProcess::start({"serve", "--config", dir_ + "/config.json"}, dir_, limits_);
    // A failed start (already reported with the server's output) ends the test here, not in its caller's
    // first use of the server.
    if (!server_) throw std::runtime_error("thumbgate did not start");
  }

  std::string url(const ZegoCredentials& app, const std::vector<std::pair<std::string, std::string>>& params,
                  int64_t timestamp = 0, const std::string& nonce = "") const {
    return zego_url(server_->base_url(), app, params, timestamp, nonce);
  }

  /// GET and return the body (asserting HTTP 200).
  std::string call(const ZegoCredentials& app, const std::vector<std::pair<std::string, std::string>>& params) {
    auto res = http_get(url(app, params));
    EXPECT_EQ(res.status, 200) << res.error << res.body;
    return res.body;
  }

  int code_of(const std::string& body) const {
    std::string c = json_field(body, "Code");
    return c.empty() ? -1 : std::stoi(c);
  }

  /// Polls DescribeMediaTask until Status is one of `final_statuses` (or 60 s pass); returns the last body.
  std::string wait_status(const ZegoCredentials& app, const std::string& vendor, const std::string& task_id,
                          const std::vector<std::string>& final_statuses) {
    std::string body;
    for (int i = 0; i < 600; ++i) {
      body = call(app, {{"Action", "DescribeMediaTask"}, {"Vendor", vendor}, {"TaskId", task_id}});
      std::string status = json_field(body, "Data." + vendor + ".Status");
      for (const auto& s : final_statuses) {
        if (status == s) return body;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "task " << task_id << " never reached a final status; last answer " << body;
    return body;
  }

  std::string dir_;
  std::string callback_url_;
  // The test's receivers and origins listen on 127.0.0.1: outbound connections there are allowed unless
  // a test clears this (public addresses only, the default of a config without "outbound").
  std::string outbound_json_ = R"(,"outbound":{"allow_networks":["127.0.0.1"]})";
  std::string retry_delays_ = "[300,300,300,300,300]";  // callback_retry_delays_ms
  std::string media_json_ = R"({"1397757897438985100":"clip.mp4"})";  // the media table
  ChildLimits limits_;  // resource limits of the server process
  std::unique_ptr<ServerProcess> server_;
};

}  // namespace tg::testing
