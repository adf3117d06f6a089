#pragma once
// Three `thumbgate serve` processes on three loopback ports sharing one PostgreSQL database (a schema of
// the test's own), one Redis (a key prefix of the test's own), one media folder and one outputs folder:
// the deployment of several gateways behind a load balancer, on one machine.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/clips.hpp"
#include "support/cluster_mode.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/zego_client.hpp"

namespace tg::testing {

class ClusterFixture : public ::testing::Test {
 protected:
  static constexpr int kNodes = 3;

  void SetUp() override {
    if (postgres_test_url().empty() || redis_test_url().empty()) {
      if (std::getenv("CI") != nullptr) FAIL() << "CI runs the cluster tests: THUMBGATE_TEST_POSTGRES/REDIS unset";
      GTEST_SKIP() << "no PostgreSQL/Redis: scripts/services.sh start DIR; source DIR/env";
    }
    dir_ = fresh_test_dir("cluster-nodes");
    std::filesystem::create_directories(dir_ + "/media");
    std::filesystem::create_directories(dir_ + "/outputs");
    const std::string clip = clip_path(ClipKind::kH264Short);
    ASSERT_FALSE(clip.empty());
    std::filesystem::copy_file(clip, dir_ + "/media/clip.mp4");
    database_ = cluster_database_url(dir_ + "/shared");
    ASSERT_FALSE(database_.empty());
    nodes_.resize(kNodes);
  }

  void TearDown() override { nodes_.clear(); }

  /// The config of node `index` (its own data folder and port; everything else shared).
  std::string config_of(int index, const std::string& extra) const {
    return R"({"listen":"127.0.0.1:0","data_dir":")" + dir_ + "/node" + std::to_string(index) +
           R"(","media_root":")" + dir_ + R"(/media","outputs_dir":")" + dir_ + R"(/outputs","database":")" +
           database_ + R"(","redis":")" + redis_test_url() + R"(","redis_key_prefix":")" +
           cluster_redis_prefix(dir_ + "/shared") + R"(","media":)" + media_ + "," +
           R"("outbound":{"allow_networks":["127.0.0.1"]},"callback_retry_delays_ms":[300,300,300,300,300],)" +
           R"("apps":)" + apps_ + extra + "}";
  }

  /// Writes node `index`'s config and starts it (again).
  void start_node(int index, const std::string& extra = "") {
    const std::string path = dir_ + "/node" + std::to_string(index) + ".json";
    std::ofstream(path) << config_of(index, extra);
    nodes_[index] = ServerProcess::start({"serve", "--config", path}, dir_);
    // A failed start (reported with the node's output) ends the test here, not at its first use.
    if (!nodes_[index]) throw std::runtime_error("node " + std::to_string(index) + " did not start");
  }

  void start_all(const std::string& extra = "") {
    for (int i = 0; i < kNodes; ++i) start_node(i, extra);
  }

  /// Apps "<prefix>0".."<prefix>N-1", each with its own secret and the given limit and callback.
  static std::vector<ZegoCredentials> make_apps(const std::string& prefix, int count) {
    std::vector<ZegoCredentials> apps;
    for (int i = 0; i < count; ++i) {
      char secret[33];
      std::snprintf(secret, sizeof secret, "%032x", 0x5eed0000 + i);
      apps.push_back({prefix + std::to_string(100 + i), secret});
    }
    return apps;
  }

  static std::string apps_json(const std::vector<ZegoCredentials>& apps, int requests_per_second,
                               const std::string& callback_url) {
    std::string json = "[";
    for (size_t i = 0; i < apps.size(); ++i) {
      if (i) json += ",";
      json += R"({"app_id":")" + apps[i].app_id + R"(","server_secret":")" + apps[i].server_secret +
              R"(","requests_per_second":)" + std::to_string(requests_per_second);
      if (!callback_url.empty()) json += R"(,"callback_url":")" + callback_url + R"(","callback_secret":"cbsecret")";
      json += "}";
    }
    return json + "]";
  }

  std::string node_url(int index) const { return nodes_[index]->base_url(); }

  int code_of(const std::string& body) const {
    const std::string code = json_field(body, "Code");
    return code.empty() ? -1 : std::stoi(code);
  }

  std::string dir_;
  std::string database_;
  std::string apps_ = "[]";
  std::string media_ = R"({"clip":"clip.mp4"})";
  std::vector<std::unique_ptr<ServerProcess>> nodes_;
};

}  // namespace tg::testing
