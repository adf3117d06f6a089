#pragma once
// The ZEGO and Tencent VOD front doors wired in-process as the gateway wires them (a real SQLite task
// store, media resolver and rate limiter), on a clock the test moves, with no workers: queued tasks stay
// queued.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "adapters/tencent_vod_fixtures.hpp"
#include "adapters/zego_fixtures.hpp"
#include "core/clock.hpp"
#include "adapters/common/sliding_window_limiter.hpp"
#include "adapters/tencent_vod/vod_front_door.hpp"
#include "adapters/zego/zego_front_door.hpp"
#include "signing/nonce_cache.hpp"
#include "signing/tencent_v2_signature.hpp"
#include "signing/zego_signature.hpp"
#include "support/clips.hpp"
#include "support/zego_client.hpp"
#include "tasks/media_resolver.hpp"
#include "tasks/sqlite_task_store.hpp"

namespace tg::adapters::testing {

using Pairs = std::vector<std::pair<std::string, std::string>>;

struct ZegoKey {
  std::string app_id;
  std::string secret;
};

struct VodKey {
  std::string secret_id;
  std::string secret_key;
};

class FrontDoorHarness : public ::testing::Test {
 protected:
  /// Builds the front doors; settings_ / vod_settings_ / nonce capacity must be set before.
  void build(std::size_t max_nonces_per_scope = signing::NonceCache::kDefaultMaxPerScope, int64_t max_queue = 1000) {
    dir_ = tg::testing::fresh_test_dir("front-doors");
    std::filesystem::create_directories(dir_ + "/media/rec");
    std::ofstream(dir_ + "/media/rec/a.mp4") << "not decoded: no workers run";
    std::ofstream(dir_ + "/media/clip.mp4") << "not decoded: no workers run";
    auto opened = tasks::SqliteTaskStore::open(dir_ + "/tasks.db");
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    resolver_ = std::make_unique<tasks::MediaResolver>(*store_, dir_ + "/media");
    nonces_ = std::make_unique<signing::NonceCache>(max_nonces_per_scope);
    admission_ = std::make_unique<SeparateCallAdmission>(*nonces_, limiter_);
    const VendorDeps deps{.admission = *admission_,
                          .limiter = limiter_,
                          .store = *store_,
                          .resolver = *resolver_,
                          .clock = clock_,
                          .task_queued = {},
                          .max_queue = max_queue,
                          .outbound = outbound_,
                          .outputs_dir = dir_ + "/outputs"};
    zego_ = std::make_unique<zego::ZegoFrontDoor>(settings_, deps);
    vod_ = std::make_unique<tencent_vod::VodFrontDoor>(vod_settings_, deps);
  }

  void add_zego_app(const ZegoKey& key, int requests_per_second) {
    adapters::zego::ZegoApp app;
    app.app_id = key.app_id;
    app.server_secret = key.secret;
    app.requests_per_second = requests_per_second;
    settings_.apps.push_back(app);
  }

  void add_vod_key(const VodKey& key, int requests_per_minute) {
    vod_settings_.secrets.push_back({key.secret_id, key.secret_key, requests_per_minute});
  }

  /// A signed ZEGO request (GET /?...) at `timestamp` (0 = now).
  ApiRequest zego_request(const ZegoKey& key, Pairs params, const std::string& nonce, int64_t timestamp = 0) const {
    const int64_t ts = timestamp ? timestamp : clock_.now_s();
    auto pairs = adapters::zego::testing::signed_pairs(std::move(params), ts, nonce, key.secret, key.app_id);
    return adapters::zego::testing::make_request(std::move(pairs));
  }

  /// A signed VOD request (GET /v2/index.php?...) at `timestamp` (0 = now).
  ApiRequest vod_request(const VodKey& key, signing::Params params, const std::string& nonce,
                         int64_t timestamp = 0) const {
    params.emplace_back("Timestamp", std::to_string(timestamp ? timestamp : clock_.now_s()));
    params.emplace_back("Nonce", nonce);
    params.emplace_back("SecretId", key.secret_id);
    params.emplace_back("Region", "gz");
    const std::string to_sign = signing::tencent_v2_string_to_sign("GET", kHost, "/v2/index.php", params);
    params.emplace_back("Signature",
                        signing::tencent_v2_signature(to_sign, key.secret_key, signing::TencentV2Method::kHmacSha1));
    ApiRequest request;
    request.method = "GET";
    request.path = "/v2/index.php";
    request.query = std::move(params);
    request.headers.emplace_back("host", kHost);
    return request;
  }

  int zego_code(const ApiRequest& request) {
    const std::string code = tg::testing::json_field(zego_->answer(request).body, "Code");
    return code.empty() ? -1 : std::stoi(code);
  }

  int vod_code(const ApiRequest& request) {
    const std::string code = tg::testing::json_field(vod_->answer(request).body, "code");
    return code.empty() ? -1 : std::stoi(code);
  }

  int64_t task_count() {
    auto listed = store_->list(tasks::TaskQuery{.limit = 1000});
    EXPECT_TRUE(listed);
    return listed ? static_cast<int64_t>(listed->size()) : -1;
  }

  static constexpr const char* kHost = "vod.example.com";

  std::string dir_;
  ManualClock clock_;
  adapters::zego::ZegoSettings settings_;
  adapters::tencent_vod::VodSettings vod_settings_;
  SlidingWindowLimiter limiter_;
  OutboundSettings outbound_;
  std::unique_ptr<tasks::SqliteTaskStore> store_;
  std::unique_ptr<tasks::MediaResolver> resolver_;
  std::unique_ptr<signing::NonceCache> nonces_;
  std::unique_ptr<SeparateCallAdmission> admission_;
  std::unique_ptr<zego::ZegoFrontDoor> zego_;
  std::unique_ptr<tencent_vod::VodFrontDoor> vod_;
};

}  // namespace tg::adapters::testing
