// Requests signed without thumbgate's signer, against the real server: each string to sign is spelled out
// here as the vendor documents it, and hashed with OpenSSL called directly. The helpers are first checked
// against the vendors' published examples; the server then accepts a request signed at the current time
// (each vendor refuses old timestamps, and the server takes the system clock) and refuses it with one byte
// of the signature changed. A bug shared by thumbgate's signing and verifying cannot pass these.

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <ctime>
#include <string>
#include <vector>

#include "integration/cos_fixture.hpp"
#include "integration/tencent_vod_fixture.hpp"
#include "support/image_probe.hpp"

namespace tg::testing {
namespace {

std::string hex(const unsigned char* bytes, unsigned size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < size; ++i) {
    out.push_back(kDigits[bytes[i] >> 4]);
    out.push_back(kDigits[bytes[i] & 15]);
  }
  return out;
}

std::string md5_hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned size = 0;
  EVP_Digest(text.data(), text.size(), digest, &size, EVP_md5(), nullptr);
  return hex(digest, size);
}

std::string sha1_hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned size = 0;
  EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha1(), nullptr);
  return hex(digest, size);
}

std::string hmac_sha1(const std::string& key, const std::string& text) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned size = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(text.data()),
       text.size(), mac, &size);
  return std::string(reinterpret_cast<const char*>(mac), size);
}

std::string base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string hmac_sha1_hex(const std::string& key, const std::string& text) {
  const std::string mac = hmac_sha1(key, text);
  return hex(reinterpret_cast<const unsigned char*>(mac.data()), static_cast<unsigned>(mac.size()));
}

// The base64 alphabet's '+', '/' and '=' as a query value carries them.
std::string query_value(const std::string& base64_text) {
  std::string out;
  for (char c : base64_text) {
    if (c == '+') out += "%2B";
    else if (c == '/') out += "%2F";
    else if (c == '=') out += "%3D";
    else out.push_back(c);
  }
  return out;
}

std::string with_one_byte_changed(std::string text, std::size_t at) {
  text[at] = text[at] == 'a' ? 'b' : 'a';
  return text;
}

std::string now_s() { return std::to_string(static_cast<int64_t>(std::time(nullptr))); }

TEST(IndependentSigners, ReproduceTheVendorsPublishedExamples) {
  // ZEGO Signature 2.0 (server API documentation, worked example).
  EXPECT_EQ(md5_hex("12345" "4fd24687296dd9f3" "9193cc662a4c0ec135ec71fb57194b38" "1615186943"),
            "43e5cfcca828314675f91b001390566a");
  // Tencent Cloud API 2.0 (signature method documentation).
  EXPECT_EQ(base64(hmac_sha1("Gu5t9xGARNpq86cd98joQYCN3Cozk1qA",
                             "GETcvm.api.qcloud.com/v2/index.php?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg"
                             "&Nonce=11886&Region=ap-guangzhou&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA"
                             "&SignatureMethod=HmacSHA1&Timestamp=1465185768")),
            "nPVnY6njQmwQ8ciqbPl5Qe+Oru4=");
  // COS request signature (doc 436/7778, the GET /testfile example).
  const std::string key_time = "1417773892;1417853898";
  const std::string http_string =
      "get\n/testfile\n\nhost=bucket1-1254000000.cos.ap-beijing.myqcloud.com&range=bytes%3D0-3\n";
  const std::string sign_key = hmac_sha1_hex("BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz", key_time);
  EXPECT_EQ(hmac_sha1_hex(sign_key, "sha1\n" + key_time + "\n" + sha1_hex(http_string) + "\n"),
            "4b6cbab14ce01381c29032423481ebffd514e8be");
}

class IndependentlySignedRequests : public VodFixture {};

TEST_F(IndependentlySignedRequests, ZegoRequestSignedOutsideTheProductIsAccepted) {
  start();
  const std::string nonce = "5e1f0c2a9b7d4863";
  const std::string timestamp = now_s();
  // AppId + SignatureNonce + ServerSecret + Timestamp.
  const std::string signature = md5_hex("1234567" + nonce + "9193cc662a4c0ec135ec71fb57194b38" + timestamp);
  auto request = [&](const std::string& sig) {
    return server_->base_url() + "/?Action=DescribeMediaTask&Vendor=Huawei&TaskId=no-such-task&AppId=1234567" +
           "&SignatureNonce=" + nonce + "&Timestamp=" + timestamp + "&Signature=" + sig + "&SignatureVersion=2.0";
  };
  for (std::size_t at : {std::size_t{0}, std::size_t{31}}) {
    auto refused = http_get(request(with_one_byte_changed(signature, at)));
    EXPECT_EQ(json_field(refused.body, "Code"), "7") << refused.body;
  }
  auto accepted = http_get(request(signature));
  EXPECT_EQ(accepted.status, 200);
  EXPECT_EQ(json_field(accepted.body, "Code"), "0") << accepted.body;
}

TEST_F(IndependentlySignedRequests, TencentV2RequestSignedOutsideTheProductIsAccepted) {
  start(vod_config());
  const std::string host = "127.0.0.1:" + std::to_string(server_->port());
  const std::string nonce = "73519";
  const std::string timestamp = now_s();
  // GET + host + path + "?" + the parameters sorted by name, raw values.
  const std::string signature =
      base64(hmac_sha1("Gu5t9xGARNpq86cd98joQYCN3Cozk1qA",
                       "GET" + host + "/v2/index.php?Action=GetTaskInfo&Nonce=" + nonce +
                           "&Region=gz&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA&Timestamp=" + timestamp +
                           "&vodTaskId=CreateImageSprite-0000"));
  auto request = [&](const std::string& sig) {
    return server_->base_url() + "/v2/index.php?vodTaskId=CreateImageSprite-0000&Timestamp=" + timestamp +
           "&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA&Region=gz&Nonce=" + nonce +
           "&Action=GetTaskInfo&Signature=" + query_value(sig);
  };
  for (std::size_t at : {std::size_t{0}, std::size_t{12}}) {
    auto refused = http_get(request(with_one_byte_changed(signature, at)));
    EXPECT_EQ(vod_code(refused.body), 4100) << refused.body;
  }
  auto accepted = http_get(request(signature));
  EXPECT_EQ(accepted.status, 200);
  EXPECT_EQ(vod_code(accepted.body), 70014) << accepted.body;  // signed right; there is no such task
}

class IndependentlySignedCos : public CosFixture {};

TEST_F(IndependentlySignedCos, GetSnapshotSignedOutsideTheProductIsAccepted) {
  start_cos();
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  const std::string key_time = std::to_string(now - 60) + ";" + std::to_string(now + 3600);
  // lower(method) \n path \n sorted encoded params \n sorted encoded headers \n
  const std::string http_string =
      "get\n/clip.mp4\nci-process=snapshot&time=1\nhost=examplebucket-1250000000.cos.ap-beijing.myqcloud.com\n";
  const std::string sign_key = hmac_sha1_hex("BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz", key_time);
  const std::string signature = hmac_sha1_hex(sign_key, "sha1\n" + key_time + "\n" + sha1_hex(http_string) + "\n");
  auto request = [&](const std::string& sig) {
    return http_get(server_->base_url() + "/clip.mp4?ci-process=snapshot&time=1",
                    {"Host: examplebucket-1250000000.cos.ap-beijing.myqcloud.com",
                     "Authorization: q-sign-algorithm=sha1&q-ak=AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q&q-sign-time=" +
                         key_time + "&q-key-time=" + key_time +
                         "&q-header-list=host&q-url-param-list=ci-process;time&q-signature=" + sig});
  };
  for (std::size_t at : {std::size_t{0}, std::size_t{39}}) {
    auto refused = request(with_one_byte_changed(signature, at));
    EXPECT_EQ(refused.status, 403);
    EXPECT_EQ(cos_code(refused.body), "SignatureDoesNotMatch") << refused.body;
  }
  auto accepted = request(signature);
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(accepted.header("content-type"), "image/jpeg");
  EXPECT_TRUE(probe_image_bytes(bytes_of(accepted.body)));
}

}  // namespace
}  // namespace tg::testing
