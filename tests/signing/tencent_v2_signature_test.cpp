#include "signing/tencent_v2_signature.hpp"

#include <gtest/gtest.h>

namespace tg::signing {
namespace {

constexpr const char* kSecretKey = "Gu5t9xGARNpq86cd98joQYCN3Cozk1qA";

Params describe_instances(const std::string& method) {
  // Deliberately unsorted, with the '_' spelling of the array key.
  return {{"Timestamp", "1465185768"},
          {"Nonce", "11886"},
          {"InstanceIds_0", "ins-09dx96dg"},
          {"Action", "DescribeInstances"},
          {"SecretId", "AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA"},
          {"SignatureMethod", method},
          {"Region", "ap-guangzhou"},
          {"Signature", "ignored"}};
}

TEST(TencentV2Signature, HmacSha1OfficialVector) {
  const std::string sts = tencent_v2_string_to_sign("GET", "cvm.api.qcloud.com", "/v2/index.php",
                                                    describe_instances("HmacSHA1"));
  EXPECT_EQ(sts,
            "GETcvm.api.qcloud.com/v2/index.php?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg"
            "&Nonce=11886&Region=ap-guangzhou&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA"
            "&SignatureMethod=HmacSHA1&Timestamp=1465185768");
  EXPECT_EQ(tencent_v2_signature(sts, kSecretKey, TencentV2Method::kHmacSha1),
            "nPVnY6njQmwQ8ciqbPl5Qe+Oru4=");
}

TEST(TencentV2Signature, HmacSha256OfficialVector) {
  const std::string sts = tencent_v2_string_to_sign("GET", "cvm.api.qcloud.com", "/v2/index.php",
                                                    describe_instances("HmacSHA256"));
  EXPECT_EQ(tencent_v2_signature(sts, kSecretKey, TencentV2Method::kHmacSha256),
            "0EEm/HtGRr/VJXTAD9tYMth1Bzm3lLHz5RCDv1GdM8s=");
}

TEST(TencentV2Signature, OlderDocVector) {
  const Params params = {{"Action", "DescribeInstances"},
                         {"SecretId", "AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA"},
                         {"Region", "gz"},
                         {"Timestamp", "1408704141"},
                         {"Nonce", "345122"}};
  const std::string sts =
      tencent_v2_string_to_sign("GET", "cvm.api.qcloud.com", "/v2/index.php", params);
  EXPECT_EQ(sts,
            "GETcvm.api.qcloud.com/v2/index.php?Action=DescribeInstances&Nonce=345122&Region=gz"
            "&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA&Timestamp=1408704141");
  EXPECT_EQ(tencent_v2_signature(sts, kSecretKey), "HgIYOPcx5lN6gz8JsCFBNAWp2oQ=");
}

TEST(TencentV2Signature, UppercaseNamesSortBeforeLowercase) {
  const Params params = {{"fileId", "1"},
                         {"definition", "10"},
                         {"Action", "CreateImageSprite"},
                         {"timeOffset_1", "20"},
                         {"timeOffset_0", "1"}};
  EXPECT_EQ(tencent_v2_string_to_sign("POST", "vod.api.qcloud.com", "/v2/index.php", params),
            "POSTvod.api.qcloud.com/v2/index.php?Action=CreateImageSprite&definition=10&fileId=1"
            "&timeOffset.0=1&timeOffset.1=20");
}

TEST(TencentV2Signature, ParsesSignatureMethod) {
  EXPECT_EQ(parse_tencent_v2_method(""), TencentV2Method::kHmacSha1);
  EXPECT_EQ(parse_tencent_v2_method("HmacSHA1"), TencentV2Method::kHmacSha1);
  EXPECT_EQ(parse_tencent_v2_method("HmacSHA256"), TencentV2Method::kHmacSha256);
  EXPECT_FALSE(parse_tencent_v2_method("hmacsha256").has_value());
  EXPECT_FALSE(parse_tencent_v2_method("MD5").has_value());
}

}  // namespace
}  // namespace tg::signing
