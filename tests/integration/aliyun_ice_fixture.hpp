#pragma once
// Set-up for the Alibaba Cloud ICE tests: an input OSS bucket over generated clips, an output bucket
// folder, two access keys, and a client that signs RPC requests (signature V1.0) as the official SDKs do,
// sent as a GET query or a POST form.

#include <rapidjson/document.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "integration/gateway_fixture.hpp"
#include "signing/aliyun_rpc_signature.hpp"
#include "signing/percent_encoding.hpp"
#include "support/callback_receiver.hpp"
#include "core/random_id.hpp"

namespace tg::testing {

inline constexpr const char* kIceKeyId = "LTAI5tIceTestKeyA01";
inline constexpr const char* kIceKeySecret = "IceTestSecretA0123456789abcdef";
inline constexpr const char* kIceOtherKeyId = "LTAI5tIceTestKeyB02";
inline constexpr const char* kIceOtherSecret = "IceTestSecretB0123456789abcdef";

struct IceSigning {
  std::string key_id = kIceKeyId;
  std::string secret = kIceKeySecret;
  int64_t time_offset_s = 0;  // Timestamp relative to now
  std::string nonce;          // "" = fresh
  std::string format = "JSON";
  bool post = false;          // POST form body (as pop-core sends) instead of a GET query
};

/// The ISO 8601 UTC text of Unix seconds `t`.
inline std::string iso_utc(int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

/// Parses `body` as a JSON object (an empty object when it is not).
inline rapidjson::Document json_of(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.c_str(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) doc.SetObject();
  return doc;
}

inline std::string str_of(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject()) return "";
  auto it = object.FindMember(name);
  return it != object.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString()) : "";
}

class IceFixture : public GatewayFixture {
 protected:
  void SetUp() override {
    GatewayFixture::SetUp();
    bucket_dir_ = dir_ + "/media/oss/in";
    std::filesystem::create_directories(bucket_dir_ + "/folder");
    const std::string clip = clip_path(ClipKind::kH264Short);
    const std::string black = clip_path(ClipKind::kBlackOpening);
    ASSERT_FALSE(clip.empty());
    ASSERT_FALSE(black.empty());
    std::filesystem::copy_file(clip, bucket_dir_ + "/clip.mp4");
    std::filesystem::copy_file(clip, bucket_dir_ + "/folder/a b.mp4");
    std::filesystem::copy_file(black, bucket_dir_ + "/black-opening.mp4");
    std::filesystem::copy_file(clip, dir_ + "/media/outside.mp4");
    std::filesystem::create_symlink(dir_ + "/media/outside.mp4", bucket_dir_ + "/link-out.mp4");
    output_dir_ = dir_ + "/data/ice-out";
  }

  /// The "aliyun_ice" config member (with a leading comma); `more` adds members.
  std::string ice_json(const std::string& more = "") const {
    return std::string(R"(,"aliyun_ice":{"access_keys":[{"access_key_id":")") + kIceKeyId +
           R"(","access_key_secret":")" + kIceKeySecret + R"("},{"access_key_id":")" + kIceOtherKeyId +
           R"(","access_key_secret":")" + kIceOtherSecret + R"("}],)" +
           R"("input_buckets":[{"name":"in-bucket","root":"oss/in"}],)" +
           R"("output_bucket":{"name":"out-bucket","folder":"ice-out"},)" +
           R"("templates":{"tpl-normal":{"Type":"Normal","FrameType":"normal","Count":1}})" +
           (event_url_.empty() ? "" : R"(,"event_url":")" + event_url_ + "\"") + more + "}";
  }

  void start_ice(const std::string& more = "") { start(ice_json(more)); }

  /// Sends `action` with `params`, signed as `signing` says.
  HttpResult ice(const std::string& action, std::vector<std::pair<std::string, std::string>> params,
                 const IceSigning& signing = {}) {
    params.emplace_back("Action", action);
    params.emplace_back("Version", "2020-11-09");
    params.emplace_back("Format", signing.format);
    params.emplace_back("AccessKeyId", signing.key_id);
    params.emplace_back("SignatureMethod", "HMAC-SHA1");
    params.emplace_back("SignatureVersion", "1.0");
    params.emplace_back("SignatureNonce", signing.nonce.empty() ? random_hex(16) : signing.nonce);
    params.emplace_back("Timestamp", iso_utc(std::time(nullptr) + signing.time_offset_s));
    const std::string method = signing.post ? "POST" : "GET";
    params.emplace_back("Signature", signing::aliyun_rpc_signature(
                                         signing.secret, signing::aliyun_string_to_sign(method, params)));
    std::string encoded;
    for (const auto& [k, v] : params) {
      if (!encoded.empty()) encoded += "&";
      encoded += signing::percent_encode(k) + "=" + signing::percent_encode(v);
    }
    if (signing.post) return http_post(server_->base_url() + "/", encoded, "application/x-www-form-urlencoded");
    return http_get(server_->base_url() + "/?" + encoded);
  }

  /// SubmitSnapshotJob of `input` (an OSS address) to `output` with the template `template_config`; the
  /// JobId ("" on failure, reported).
  std::string submit(const std::string& input, const std::string& output, const std::string& template_config,
                     const IceSigning& signing = {}, const std::string& user_data = "") {
    std::vector<std::pair<std::string, std::string>> params{
        {"Input", R"({"Type":"OSS","Media":")" + input + R"("})"},
        {"Output", R"({"Type":"OSS","Media":")" + output + R"("})"},
        {"TemplateConfig", template_config}};
    if (!user_data.empty()) params.emplace_back("UserData", user_data);
    auto res = ice("SubmitSnapshotJob", params, signing);
    EXPECT_EQ(res.status, 200) << res.body;
    return str_of(json_of(res.body), "JobId");
  }

  /// Polls GetSnapshotJob until Status is not Init (or 60 s pass); returns the last body.
  std::string wait_job(const std::string& job_id, const IceSigning& signing = {}) {
    std::string body;
    for (int i = 0; i < 600; ++i) {
      auto res = ice("GetSnapshotJob", {{"JobId", job_id}}, signing);
      body = res.body;
      auto doc = json_of(body);
      if (doc.HasMember("SnapshotJob") && str_of(doc["SnapshotJob"], "Status") != "Init") return body;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "job " << job_id << " never finished; last answer " << body;
    return body;
  }

  /// GetSnapshotUrls of `job_id`: the parsed answer.
  rapidjson::Document urls(const std::string& job_id, std::vector<std::pair<std::string, std::string>> more = {}) {
    more.emplace_back("JobId", job_id);
    auto res = ice("GetSnapshotUrls", more);
    EXPECT_EQ(res.status, 200) << res.body;
    return json_of(res.body);
  }

  std::string bucket_dir_;
  std::string output_dir_;
  std::string event_url_;
};

}  // namespace tg::testing
