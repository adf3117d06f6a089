// Tencent Cloud API 2.0 authentication of the VOD v2 front door over HTTP: replayed Nonce and stale
// Timestamp (4500), bad signatures with HmacSHA1 and HmacSHA256 (4100), unknown SecretId (4104), missing
// common parameters (4000), POST form bodies, and tasks hidden from other SecretIds (70014).

#include "integration/tencent_vod_fixture.hpp"

namespace tg::testing {
namespace {

class VodAuth : public VodFixture {
 protected:
  void SetUp() override {
    VodFixture::SetUp();
    start(vod_config());
  }
  static int64_t now_s() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  const VodParams unknown_task_{{"Action", "GetTaskInfo"}, {"vodTaskId", "CreateImageSprite-0000"}};
};

TEST_F(VodAuth, CorrectSignaturesPassWithBothMethods) {
  // An authenticated lookup of an unknown task answers 70014 (not an auth code).
  EXPECT_EQ(vod_code(vod_call(kVodKeyA, unknown_task_)), 70014);
  EXPECT_EQ(vod_code(vod_call(kVodKeyA, unknown_task_, {.signature_method = "HmacSHA1"})), 70014);
  EXPECT_EQ(vod_code(vod_call(kVodKeyA, unknown_task_, {.signature_method = "HmacSHA256"})), 70014);
}

TEST_F(VodAuth, ReplayedNonceIsRefused) {
  const std::string url = vod_url(kVodKeyA, unknown_task_, {.nonce = "8812345"});
  EXPECT_EQ(vod_code(http_get(url).body), 70014);
  const std::string body = http_get(url).body;
  EXPECT_EQ(vod_code(body), 4500) << body;
  EXPECT_NE(json_field(body, "message").find("Nonce"), std::string::npos) << body;
  // The same Nonce in a new, correctly signed request is refused as well.
  EXPECT_EQ(vod_code(vod_call(kVodKeyA, unknown_task_, {.timestamp = now_s() + 1, .nonce = "8812345"})), 4500);
}

TEST_F(VodAuth, TimestampMoreThanTwoHoursOffIsRefused) {
  EXPECT_EQ(vod_code(vod_call(kVodKeyA, unknown_task_, {.timestamp = now_s() - 7200 - 60})), 4500);
  EXPECT_EQ(vod_code(vod_call(kVodKeyA, unknown_task_, {.timestamp = now_s() + 7200 + 60})), 4500);
  // Within the window: accepted.
  EXPECT_EQ(vod_code(vod_call(kVodKeyA, unknown_task_, {.timestamp = now_s() - 7000})), 70014);
}

TEST_F(VodAuth, BadSignatureIsRefusedWithSha1AndSha256) {
  for (const std::string method : {"", "HmacSHA1", "HmacSHA256"}) {
    const std::string body =
        vod_call(kVodKeyA, unknown_task_, {.signature_method = method, .secret_key_override = "wrong-key-wrong-key"});
    EXPECT_EQ(vod_code(body), 4100) << method << ": " << body;
  }
  // A signature made with the other method's HMAC does not pass either.
  VodParams params = signed_params(kVodKeyA, unknown_task_, {.signature_method = "HmacSHA256"});
  for (auto& [name, value] : params) {
    if (name == "SignatureMethod") value = "HmacSHA1";
  }
  EXPECT_EQ(vod_code(http_get(server_->base_url() + "/v2/index.php?" + encode(params)).body), 4100);
  // A tampered parameter breaks the signature.
  params = signed_params(kVodKeyA, unknown_task_);
  for (auto& [name, value] : params) {
    if (name == "vodTaskId") value = "CreateImageSprite-0001";
  }
  EXPECT_EQ(vod_code(http_get(server_->base_url() + "/v2/index.php?" + encode(params)).body), 4100);
  // Signed for another host than the one the request was sent to.
  EXPECT_EQ(vod_code(vod_call(kVodKeyA, unknown_task_, {.host = "vod.api.qcloud.com"})), 4100);
}

TEST_F(VodAuth, UnknownSecretIdIsRefused) {
  const std::string body = vod_call(VodKey{"AKIDnobodyHasThisKey", kVodKeyA.secret_key}, unknown_task_);
  EXPECT_EQ(vod_code(body), 4104) << body;
}

TEST_F(VodAuth, MissingOrMalformedCommonParametersAre4000) {
  for (const std::string missing : {"Signature", "Nonce", "Timestamp", "SecretId"}) {
    VodParams params = signed_params(kVodKeyA, unknown_task_);
    std::erase_if(params, [&](const auto& p) { return p.first == missing; });
    const std::string body = http_get(server_->base_url() + "/v2/index.php?" + encode(params)).body;
    EXPECT_EQ(vod_code(body), 4000) << missing << ": " << body;
  }
  EXPECT_EQ(vod_code(vod_call(kVodKeyA, unknown_task_, {.signature_method = "HmacMD5"})), 4000);
  EXPECT_EQ(vod_code(vod_call(kVodKeyA, unknown_task_, {.nonce = "abc"})), 4000);
  EXPECT_EQ(vod_code(vod_call(kVodKeyA, {{"Action", "DescribeInstances"}})), 4000);
  // A parameter sent twice is ambiguous.
  VodParams twice = signed_params(kVodKeyA, unknown_task_);
  twice.emplace_back("vodTaskId", "other");
  EXPECT_EQ(vod_code(http_get(server_->base_url() + "/v2/index.php?" + encode(twice)).body), 4000);
}

TEST_F(VodAuth, PostFormBodyIsAcceptedTheSameWay) {
  const std::string url = server_->base_url() + "/v2/index.php";
  VodParams sprite{{"Action", "CreateImageSprite"}, {"fileId", "1397757897438985100"}, {"definition", "20"}};
  auto res =
      http_post(url, encode(signed_params(kVodKeyA, sprite, {.method = "POST"})), "application/x-www-form-urlencoded");
  ASSERT_EQ(res.status, 200);
  EXPECT_EQ(vod_code(res.body), 0) << res.body;
  const std::string task_id = json_field(res.body, "vodTaskId");
  // A body signed as GET does not pass as POST.
  res = http_post(url, encode(signed_params(kVodKeyA, unknown_task_, {.method = "GET"})),
                  "application/x-www-form-urlencoded");
  EXPECT_EQ(vod_code(res.body), 4100) << res.body;
  EXPECT_EQ(json_field(wait_finish(kVodKeyA, task_id), "data.errCode"), "0");
}

TEST_F(VodAuth, AnotherSecretIdsTaskDoesNotExist) {
  const std::string body =
      vod_call(kVodKeyA, {{"Action", "CreateImageSprite"}, {"fileId", "1397757897438985100"}, {"definition", "20"}});
  ASSERT_EQ(vod_code(body), 0) << body;
  const std::string task_id = json_field(body, "vodTaskId");
  const std::string other = vod_call(kVodKeyB, {{"Action", "GetTaskInfo"}, {"vodTaskId", task_id}});
  EXPECT_EQ(vod_code(other), 70014) << other;
  EXPECT_EQ(json_field(other, "type"), "");
  EXPECT_EQ(vod_code(vod_call(kVodKeyA, {{"Action", "GetTaskInfo"}, {"vodTaskId", task_id}})), 0);
}

}  // namespace
}  // namespace tg::testing
