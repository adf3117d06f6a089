#include "signing/aliyun_rpc_signature.hpp"

#include <gtest/gtest.h>

namespace tg::signing {
namespace {

Params describe_regions() {
  // Order as in the official example URL.
  return {{"Timestamp", "2016-02-23T12:46:24Z"},
          {"Format", "XML"},
          {"AccessKeyId", "testid"},
          {"Action", "DescribeRegions"},
          {"SignatureMethod", "HMAC-SHA1"},
          {"SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"},
          {"Version", "2014-05-26"},
          {"SignatureVersion", "1.0"}};
}

TEST(AliyunRpcSignature, PercentEncode) {
  EXPECT_EQ(aliyun_percent_encode("a b*c~d-e_f.g"), "a%20b%2Ac~d-e_f.g");
  EXPECT_EQ(aliyun_percent_encode("12:46/=&+"), "12%3A46%2F%3D%26%2B");
  EXPECT_EQ(aliyun_percent_encode("\xe4\xb8\xad"), "%E4%B8%AD");
}

TEST(AliyunRpcSignature, OfficialGetVector) {
  const std::string sts = aliyun_string_to_sign("GET", describe_regions());
  EXPECT_EQ(sts,
            "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML"
            "%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"
            "%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z"
            "%26Version%3D2014-05-26");
  EXPECT_EQ(aliyun_rpc_signature("testsecret", sts), "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
}

TEST(AliyunRpcSignature, OfficialPostVector) {
  EXPECT_EQ(aliyun_rpc_signature("testsecret", aliyun_string_to_sign("POST", describe_regions())),
            "MxbnVAM4w6sft9xjVpe/GCKueuk=");
}

TEST(AliyunRpcSignature, SignatureParamIsNotSigned) {
  Params with_signature = describe_regions();
  with_signature.emplace_back("Signature", "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
  EXPECT_EQ(aliyun_canonicalized_query(with_signature),
            aliyun_canonicalized_query(describe_regions()));
  EXPECT_EQ(aliyun_rpc_signature("testsecret", aliyun_string_to_sign("GET", with_signature)),
            "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
}

TEST(AliyunRpcSignature, WrongSecretDoesNotMatch) {
  EXPECT_NE(aliyun_rpc_signature("testsecreT", aliyun_string_to_sign("GET", describe_regions())),
            "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
}

}  // namespace
}  // namespace tg::signing
