#pragma once
// The real server with a "huawei_mpc" section: two projects' AK/SK pairs, an input OBS bucket over a
// folder of media_root and an output bucket in the test's folder; helpers to create, query and cancel
// thumbnail tasks signed like the huaweicloud SDKs.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "gateway_fixture.hpp"
#include "support/clips.hpp"
#include "support/huawei_client.hpp"

namespace tg::testing {

inline const HuaweiCredentials kMpcA{"HWAKTESTPROJECTA0001", "HWSKsecretOfProjectA0000000000000000000", "0a1b2c3d4e5f"};
inline const HuaweiCredentials kMpcB{"HWAKTESTPROJECTB0002", "HWSKsecretOfProjectB0000000000000000000", "ffeeddccbbaa"};

class HuaweiMpcFixture : public GatewayFixture {
 protected:
  void SetUp() override {
    GatewayFixture::SetUp();
    std::filesystem::create_directories(dir_ + "/media/obs/videos");
    std::filesystem::copy_file(clip_path(ClipKind::kH264Short), dir_ + "/media/obs/videos/clip.mp4");
    const std::string black = clip_path(ClipKind::kBlackOpening);
    ASSERT_FALSE(black.empty());
    std::filesystem::copy_file(black, dir_ + "/media/obs/videos/black.mp4");
    // A file beside the bucket that no key may reach.
    std::filesystem::copy_file(clip_path(ClipKind::kH264Short), dir_ + "/media/secret.mp4");
  }

  std::string mpc_json() const {
    return R"(,"huawei_mpc":{"credentials":[)"
           R"({"access_key":")" + kMpcA.access_key + R"(","secret_key":")" + kMpcA.secret_key +
           R"(","project_id":")" + kMpcA.project_id + R"("},)"
           R"({"access_key":")" + kMpcB.access_key + R"(","secret_key":")" + kMpcB.secret_key +
           R"(","project_id":")" + kMpcB.project_id + R"("}],)"
           R"("input_buckets":[{"name":"media-bucket","root":"obs"}],)"
           R"("output_buckets":[{"name":"thumb-bucket","root":")" + output_root() + R"("}],)"
           R"("requests_per_second":)" + std::to_string(mpc_limit_) + "}";
  }

  std::string output_root() const { return dir_ + "/obs-out"; }

  int mpc_limit_ = 1000;  // requests_per_second of every AK

  void start_mpc(const std::string& extra = "") { start(mpc_json() + extra); }

  HttpResult mpc(const HuaweiCall& call, const HuaweiCredentials& who = kMpcA) {
    return huawei_call(server_->base_url(), who, call);
  }

  static std::string create_body(const std::string& para, const std::string& extra = "",
                                 const std::string& object = "videos/clip.mp4", const std::string& out = "thumbs/") {
    return R"({"input":{"bucket":"media-bucket","location":"cn-north-4","object":")" + object +
           R"("},"output":{"bucket":"thumb-bucket","location":"cn-north-4","object":")" + out +
           R"("},"thumbnail_para":)" + para + extra + "}";
  }

  /// POSTs a create and returns its task_id (asserting 200).
  std::string create(const std::string& body, const HuaweiCredentials& who = kMpcA) {
    auto res = mpc({.method = "POST", .body = body}, who);
    EXPECT_EQ(res.status, 200) << res.error << res.body;
    rapidjson::Document doc;
    doc.Parse(res.body.c_str());
    if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("task_id") || !doc["task_id"].IsString()) return "";
    return doc["task_id"].GetString();
  }

  /// The ThumbTask of `task_id` as the query answers it (an empty object when absent).
  rapidjson::Document task(const std::string& task_id, const HuaweiCredentials& who = kMpcA) {
    auto res = mpc({.method = "GET", .query = {{"task_id", task_id}}}, who);
    EXPECT_EQ(res.status, 200) << res.body;
    rapidjson::Document doc;
    doc.Parse(res.body.c_str());
    rapidjson::Document out;
    out.SetObject();
    if (!doc.HasParseError() && doc.IsObject() && doc["task_array"].IsArray() && doc["task_array"].Size() == 1) {
      out.CopyFrom(doc["task_array"][0], out.GetAllocator());
    }
    return out;
  }

  /// Polls the query until the task is SUCCEEDED, FAILED or CANCELED (60 s at most).
  rapidjson::Document wait_done(const std::string& task_id) {
    for (int i = 0; i < 600; ++i) {
      rapidjson::Document t = task(task_id);
      if (t.HasMember("status")) {
        const std::string status = t["status"].GetString();
        if (status == "SUCCEEDED" || status == "FAILED" || status == "CANCELED") return t;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "task " << task_id << " never finished";
    return task(task_id);
  }

  static std::vector<std::string> pic_names(const rapidjson::Value& t) {
    std::vector<std::string> names;
    if (!t.HasMember("thumbnail_info")) return names;
    for (const auto& pic : t["thumbnail_info"].GetArray()) names.emplace_back(pic["pic_name"].GetString());
    return names;
  }

  static std::string error_code(const HttpResult& res) {
    rapidjson::Document doc;
    doc.Parse(res.body.c_str());
    if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("error_code")) return "";
    return doc["error_code"].GetString();
  }
};

}  // namespace tg::testing
