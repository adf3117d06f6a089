#include "adapters/common/received_request.hpp"
#include "core/redaction.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>

namespace tg::adapters {
namespace {

ApiRequest get(std::vector<std::pair<std::string, std::string>> query) {
  ApiRequest request;
  request.method = "GET";
  request.path = "/";
  request.query = std::move(query);
  return request;
}

TEST(ReceivedRequest, CredentialNamesInEveryVendorsSpelling) {
  for (const char* name : {"Signature", "q-signature", "SecretKey", "x-cos-security-token", "SecurityToken",
                           "ServerSecret", "AccessKeySecret", "password", "Authorization", "sign", "X-Amz-Credential",
                           "callback_token"}) {
    EXPECT_TRUE(is_credential_name(name)) << name;
  }
  for (const char* name : {"SecretId", "AccessKeyId", "AppId", "SignatureMethod", "SignatureVersion",
                           "SignatureNonce", "q-sign-algorithm", "q-ak", "FileId", "Timestamp", "Action"}) {
    EXPECT_FALSE(is_credential_name(name)) << name;
  }
}

TEST(ReceivedRequest, QueryKeepsItsOrderWithCredentialsAndUrlSecretsRedacted) {
  ApiRequest request = get({{"Action", "MediaThumbnails"},
                            {"AppId", "1001"},
                            {"Signature", "0123456789abcdef0123456789abcdef"},
                            {"SignatureNonce", "n1"},
                            {"FileId", "http://user:pass@origin.example/a.mp4?token=QSECRET"}});
  const std::string json = received_request_json(request);
  EXPECT_EQ(json.find("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(json.find("pass@"), std::string::npos);
  EXPECT_EQ(json.find("QSECRET"), std::string::npos);
  rapidjson::Document doc;
  ASSERT_FALSE(doc.Parse(json.c_str()).HasParseError()) << json;
  EXPECT_STREQ(doc["method"].GetString(), "GET");
  EXPECT_STREQ(doc["path"].GetString(), "/");
  const auto& query = doc["query"];
  ASSERT_EQ(query.Size(), 5u);
  EXPECT_STREQ(query[0][1].GetString(), "MediaThumbnails");
  EXPECT_STREQ(query[2][0].GetString(), "Signature");
  EXPECT_STREQ(query[2][1].GetString(), "***");
  EXPECT_STREQ(query[3][1].GetString(), "n1");
  EXPECT_STREQ(query[4][1].GetString(), "http://***@origin.example/a.mp4?token=***");
  EXPECT_FALSE(doc.HasMember("body"));
}

TEST(ReceivedRequest, FormBodiesAreParsedAndRedacted) {
  ApiRequest request = get({});
  request.method = "POST";
  request.headers = {{"content-type", "application/x-www-form-urlencoded; charset=utf-8"}};
  request.body = "Action=SubmitSnapshotJob&Signature=FORMSIG%3D&AccessKeyId=ak1";
  const std::string json = received_request_json(request);
  EXPECT_EQ(json.find("FORMSIG"), std::string::npos);
  rapidjson::Document doc;
  ASSERT_FALSE(doc.Parse(json.c_str()).HasParseError()) << json;
  const auto& form = doc["body"]["form"];
  ASSERT_EQ(form.Size(), 3u);
  EXPECT_STREQ(form[1][1].GetString(), "***");
  EXPECT_STREQ(form[2][1].GetString(), "ak1");
}

TEST(ReceivedRequest, JsonBodiesAreRedactedAtAnyDepth) {
  ApiRequest request = get({});
  request.method = "POST";
  request.headers = {{"content-type", "application/json"}};
  request.body = R"({"input":{"bucket":"b","object":"a.mp4"},"notify":{"url":"https://u:p@cb.example/x?k=SECRETQ",)"
                 R"("secret_key":{"nested":"JSONSECRET"}},"list":[{"token":"TOK"}],"n":3,"ok":true})";
  const std::string json = received_request_json(request);
  for (const char* secret : {"SECRETQ", "JSONSECRET", "TOK\"", "u:p@"}) {
    EXPECT_EQ(json.find(secret), std::string::npos) << secret << " in " << json;
  }
  rapidjson::Document doc;
  ASSERT_FALSE(doc.Parse(json.c_str()).HasParseError()) << json;
  const auto& body = doc["body"]["json"];
  EXPECT_STREQ(body["input"]["object"].GetString(), "a.mp4");
  EXPECT_STREQ(body["notify"]["secret_key"].GetString(), "***");
  EXPECT_STREQ(body["list"][0]["token"].GetString(), "***");
  EXPECT_EQ(body["n"].GetInt(), 3);
  EXPECT_TRUE(body["ok"].GetBool());
}

TEST(ReceivedRequest, UnparsedLargeOrDeepBodiesAreKeptAsTheirSizeOnly) {
  ApiRequest request = get({});
  request.method = "POST";
  request.headers = {{"content-type", "application/xml"}};
  request.body = "<Request><Signature>XMLSIG</Signature></Request>";
  std::string json = received_request_json(request);
  EXPECT_EQ(json.find("XMLSIG"), std::string::npos);
  EXPECT_NE(json.find("\"bytes\":" + std::to_string(request.body.size())), std::string::npos) << json;

  request.headers = {{"content-type", "application/json"}};
  request.body = std::string(2000, '[') + std::string(2000, ']');
  json = received_request_json(request);
  EXPECT_NE(json.find("\"bytes\":4000"), std::string::npos) << json;

  request.body = "{\"a\":\"" + std::string(20000, 'x') + "\"}";
  json = received_request_json(request);
  EXPECT_LT(json.size(), 200u);
  EXPECT_NE(json.find("\"bytes\""), std::string::npos);
}

TEST(ReceivedRequest, InvalidUtf8BecomesValidJson) {
  ApiRequest request = get({{"FileId", std::string("a\xff\xfe.mp4")}, {std::string("k\xc0"), "v"}});
  const std::string json = received_request_json(request);
  rapidjson::Document doc;
  EXPECT_FALSE(doc.Parse(json.c_str()).HasParseError()) << json;
}

}  // namespace
}  // namespace tg::adapters
