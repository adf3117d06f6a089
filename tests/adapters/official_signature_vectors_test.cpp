// The vendors' own published signature examples, sent as requests to the front doors (wired as the gateway
// wires them, on a clock set to the example's time): the literal signature from the vendor's documentation
// is accepted, and the same request with one byte of it changed is refused. Nothing here is signed by
// thumbgate's own signer, so a bug that signs and verifies the same wrong string cannot pass.

#include "adapters/front_door_harness.hpp"

namespace tg::adapters::testing {
namespace {

using adapters::zego::testing::make_request;

// ZEGO Signature 2.0, the worked example of ZEGO's server API documentation ("accessing server APIs").
constexpr const char* kZegoAppId = "12345";
constexpr const char* kZegoSecret = "9193cc662a4c0ec135ec71fb57194b38";
constexpr int64_t kZegoTimestamp = 1615186943;
constexpr const char* kZegoNonce = "4fd24687296dd9f3";
constexpr const char* kZegoSignature = "43e5cfcca828314675f91b001390566a";

// Tencent Cloud API 2.0, the examples of its "signature method" documentation (a CVM call: the signature
// is the same for every 2.0 product, VOD v2 included).
constexpr const char* kTencentSecretId = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA";
constexpr const char* kTencentSecretKey = "Gu5t9xGARNpq86cd98joQYCN3Cozk1qA";
constexpr const char* kTencentHost = "cvm.api.qcloud.com";

std::string with_one_byte_changed(std::string text, std::size_t at) {
  text[at] = text[at] == 'A' ? 'B' : 'A';
  return text;
}

class OfficialSignatureVectors : public FrontDoorHarness {
 protected:
  ApiRequest zego_example(const std::string& signature) const {
    return make_request({{"Action", "DescribeMediaTask"},
                         {"Vendor", "Huawei"},
                         {"TaskId", "no-such-task"},
                         {"AppId", kZegoAppId},
                         {"SignatureNonce", kZegoNonce},
                         {"Timestamp", std::to_string(kZegoTimestamp)},
                         {"Signature", signature},
                         {"SignatureVersion", "2.0"}});
  }

  static ApiRequest tencent_example(signing::Params params) {
    ApiRequest request;
    request.method = "GET";
    request.path = "/v2/index.php";
    request.query = std::move(params);
    request.headers.emplace_back("host", kTencentHost);
    return request;
  }

  // The DescribeInstances example (InstanceIds.0, Nonce 11886, Timestamp 1465185768) with `method`.
  static ApiRequest describe_instances(const std::string& method, const std::string& signature) {
    return tencent_example({{"Action", "DescribeInstances"},
                            {"InstanceIds.0", "ins-09dx96dg"},
                            {"Nonce", "11886"},
                            {"Region", "ap-guangzhou"},
                            {"SecretId", kTencentSecretId},
                            {"SignatureMethod", method},
                            {"Timestamp", "1465185768"},
                            {"Signature", signature}});
  }

  // The VOD front door authenticates before it looks at the Action: an example of another product that
  // passes the signature check is refused only for its Action (4000), a bad signature with 4100.
  std::pair<int, std::string> vod_answer(const ApiRequest& request) {
    const std::string body = vod_->answer(request).body;
    const std::string code = tg::testing::json_field(body, "code");
    return {code.empty() ? -1 : std::stoi(code), tg::testing::json_field(body, "message")};
  }
};

TEST_F(OfficialSignatureVectors, ZegoSignature20ExampleIsAcceptedAndOneChangedByteIsNot) {
  add_zego_app({kZegoAppId, kZegoSecret}, 20);
  build();
  clock_.set_ms(kZegoTimestamp * 1000);
  EXPECT_EQ(zego_code(zego_example(with_one_byte_changed(kZegoSignature, 0))), 7);
  EXPECT_EQ(zego_code(zego_example(with_one_byte_changed(kZegoSignature, 31))), 7);
  EXPECT_EQ(zego_code(zego_example(kZegoSignature)), 0);
}

TEST_F(OfficialSignatureVectors, TencentV2HmacSha1ExampleIsAcceptedAndOneChangedByteIsNot) {
  add_vod_key({kTencentSecretId, kTencentSecretKey}, 100);
  build();
  clock_.set_ms(1465185768LL * 1000);
  auto tampered = vod_answer(describe_instances("HmacSHA1", with_one_byte_changed("nPVnY6njQmwQ8ciqbPl5Qe+Oru4=", 5)));
  EXPECT_EQ(tampered.first, 4100) << tampered.second;
  auto accepted = vod_answer(describe_instances("HmacSHA1", "nPVnY6njQmwQ8ciqbPl5Qe+Oru4="));
  EXPECT_EQ(accepted.first, 4000) << accepted.second;
  EXPECT_NE(accepted.second.find("Action"), std::string::npos) << accepted.second;
}

TEST_F(OfficialSignatureVectors, TencentV2HmacSha256ExampleIsAccepted) {
  add_vod_key({kTencentSecretId, kTencentSecretKey}, 100);
  build();
  clock_.set_ms(1465185768LL * 1000);
  const std::string signature = "0EEm/HtGRr/VJXTAD9tYMth1Bzm3lLHz5RCDv1GdM8s=";
  EXPECT_EQ(vod_answer(describe_instances("HmacSHA256", with_one_byte_changed(signature, 10))).first, 4100);
  auto accepted = vod_answer(describe_instances("HmacSHA256", signature));
  EXPECT_EQ(accepted.first, 4000) << accepted.second;
}

TEST_F(OfficialSignatureVectors, TencentV2ExampleWithoutSignatureMethodIsHmacSha1) {
  add_vod_key({kTencentSecretId, kTencentSecretKey}, 100);
  build();
  clock_.set_ms(1408704141LL * 1000);
  auto example = [](const std::string& signature) {
    return tencent_example({{"Action", "DescribeInstances"},
                            {"Nonce", "345122"},
                            {"Region", "gz"},
                            {"SecretId", kTencentSecretId},
                            {"Timestamp", "1408704141"},
                            {"Signature", signature}});
  };
  EXPECT_EQ(vod_answer(example(with_one_byte_changed("HgIYOPcx5lN6gz8JsCFBNAWp2oQ=", 3))).first, 4100);
  auto accepted = vod_answer(example("HgIYOPcx5lN6gz8JsCFBNAWp2oQ="));
  EXPECT_EQ(accepted.first, 4000) << accepted.second;
}

}  // namespace
}  // namespace tg::adapters::testing
