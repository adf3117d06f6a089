// `thumbgate sign` for tencent_ci, aliyun_ice and huawei_mpc without a server: usage errors exit 2, missing
// credentials exit 1, and the printed request's shape (URL or curl command, quoting, routing Host).

#include "cli/sign_command.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "adapters/aliyun_ice/ice_settings.hpp"
#include "adapters/huawei_mpc/mpc_settings.hpp"
#include "adapters/tencent_ci/ci_settings.hpp"
#include "cli/curl_command.hpp"

namespace tg::cli {
namespace {

constexpr int64_t kNow = 1764597600;

struct SignRun {
  int code = -1;
  std::string out;
  std::string err;
};

class SignCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    adapters::tencent_ci::CiSettings cos;
    cos.buckets.push_back({.name = "examplebucket-1250000000", .region = "ap-beijing", .root = "cos"});
    cos.buckets.push_back({.name = "other-1250000000", .region = "ap-guangzhou", .root = "other"});
    cos.credentials.push_back({.secret_id = "AKIDother", .secret_key = "k0", .buckets = {"other-1250000000"}});
    cos.credentials.push_back({.secret_id = "AKIDall", .secret_key = "k1", .buckets = {}});
    vendors_["tencent_ci"] = cos;
    adapters::aliyun_ice::IceSettings ice;
    ice.access_keys.push_back({.id = "LTAIone", .secret = "s1"});
    ice.access_keys.push_back({.id = "LTAItwo", .secret = "s2"});
    vendors_["aliyun_ice"] = ice;
    adapters::huawei_mpc::MpcSettings mpc;
    mpc.credentials.push_back({.access_key = "HWAKA", .secret_key = "ska", .project_id = "p0a"});
    mpc.credentials.push_back({.access_key = "HWAKB", .secret_key = "skb", .project_id = "p0b"});
    vendors_["huawei_mpc"] = mpc;
  }

  SignRun run(std::vector<std::string> args) {
    std::ostringstream out, err;
    const SignContext context{.vendors = vendors_, .base_url = base_url_, .data_dir = "", .now_s = kNow};
    SignRun r;
    r.code = run_sign_command(context, std::move(args), out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
  }

  std::map<std::string, adapters::VendorSettings, std::less<>> vendors_;
  std::string base_url_ = "http://127.0.0.1:8080";
};

TEST_F(SignCommand, UsageErrorsExitTwoWithTheUsage) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {},
           {"frobcloud", "X"},
           {"tencent_ci"},
           {"tencent_ci", "examplebucket-1250000000"},
           {"tencent_ci", "examplebucket-1250000000", "clip.mp4", "--secret-id"},
           {"tencent_ci", "examplebucket-1250000000", "clip.mp4", "time"},
           {"tencent_ci", "examplebucket-1250000000", "clip.mp4", "=1"},
           {"tencent_ci", "examplebucket-1250000000", "clip.mp4", "q-signature=0"},
           {"tencent_ci", "examplebucket-1250000000", "clip.mp4", "ci-process=frob"},
           {"tencent_ci", "examplebucket-1250000000", std::string("a\0b", 3)},
           {"tencent_ci", "examplebucket-1250000000", "//"},
           {"aliyun_ice"},
           {"aliyun_ice", "DropJobs"},
           {"aliyun_ice", "GetSnapshotJob", "--access-key-id"},
           {"aliyun_ice", "GetSnapshotJob", "Timestamp=2020-01-01T00:00:00Z"},
           {"aliyun_ice", "GetSnapshotJob", "JobId"},
           {"huawei_mpc"},
           {"huawei_mpc", "delete"},
           {"huawei_mpc", "create"},
           {"huawei_mpc", "create", "--body"},
           {"huawei_mpc", "create", "--body", ""},
           {"huawei_mpc", "create", "--body", "{\"input\":"},
           {"huawei_mpc", "create", "--body", "[]"},
           {"huawei_mpc", "create", "--body", "{}", "sync=1"},
           {"huawei_mpc", "list", "--body", "{}"},
           {"huawei_mpc", "cancel", "task_id"},
           {"huawei_mpc", "list", "--project"},
       }) {
    const SignRun r = run(args);
    std::string shown;
    for (const auto& a : args) shown += a + " ";
    EXPECT_EQ(r.code, 2) << shown << r.err;
    EXPECT_TRUE(r.out.empty()) << shown;
    EXPECT_FALSE(r.err.empty()) << shown;
  }
  EXPECT_NE(run({}).err.find("thumbgate sign huawei_mpc create --body JSON"), std::string::npos);
}

TEST_F(SignCommand, MissingCredentialsExitOne) {
  EXPECT_EQ(run({"tencent_ci", "nobucket-1", "clip.mp4"}).code, 1);
  EXPECT_EQ(run({"tencent_ci", "examplebucket-1250000000", "clip.mp4", "--secret-id", "AKIDnone"}).code, 1);
  EXPECT_EQ(run({"tencent_ci", "examplebucket-1250000000", "clip.mp4", "--secret-id", "AKIDother"}).code, 1);
  EXPECT_EQ(run({"aliyun_ice", "GetSnapshotJob", "--access-key-id", "LTAInone"}).code, 1);
  EXPECT_EQ(run({"huawei_mpc", "list", "--project", "p0c"}).code, 1);
  vendors_.clear();
  const SignRun cos = run({"tencent_ci", "examplebucket-1250000000", "clip.mp4"});
  EXPECT_EQ(cos.code, 1);
  EXPECT_NE(cos.err.find("no COS bucket"), std::string::npos) << cos.err;
  EXPECT_EQ(run({"aliyun_ice", "GetSnapshotJob", "JobId=1"}).code, 1);
  EXPECT_EQ(run({"huawei_mpc", "list"}).code, 1);
  EXPECT_EQ(run({"huawei_mpc", "create", "--body", "{}"}).code, 1);
  vendors_["tencent_ci"] = adapters::tencent_ci::CiSettings{};
  vendors_["aliyun_ice"] = adapters::aliyun_ice::IceSettings{};
  vendors_["huawei_mpc"] = adapters::huawei_mpc::MpcSettings{};
  EXPECT_EQ(run({"tencent_ci", "examplebucket-1250000000", "clip.mp4"}).code, 1);
  EXPECT_EQ(run({"aliyun_ice", "GetSnapshotJob"}).code, 1);
  EXPECT_EQ(run({"huawei_mpc", "cancel", "task_id=1"}).code, 1);
}

TEST_F(SignCommand, CosIsACurlWithTheBucketHostUnlessTheGatewayHostIsTheBuckets) {
  const SignRun r = run({"tencent_ci", "examplebucket-1250000000", "dir/a b?.mp4", "time=1"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("curl -H 'Host: examplebucket-1250000000.cos.ap-beijing.myqcloud.com' -o 'snapshot.jpg' "
                        "'http://127.0.0.1:8080/dir/a%20b%3F.mp4?ci-process=snapshot&time=1&q-sign-algorithm=sha1&"
                        "q-ak=AKIDall&q-sign-time=1764597600%3B1764598200&",
                        0),
            0u)
      << r.out;
  EXPECT_EQ(r.out.back(), '\n');
  // A gateway reached on the bucket's own virtual host needs no Host header: the URL is the request.
  base_url_ = "http://examplebucket-1250000000.cos.ap-beijing.example.test:8080";
  const SignRun plain = run({"tencent_ci", "examplebucket-1250000000", "/clip.mp4", "time=1"});
  ASSERT_EQ(plain.code, 0) << plain.err;
  EXPECT_EQ(plain.out.rfind(base_url_ + "/clip.mp4?ci-process=snapshot&time=1&q-sign-algorithm=sha1&", 0), 0u)
      << plain.out;
}

TEST_F(SignCommand, IceIsAGetUrlWithTheCommonParameters) {
  const SignRun r = run({"aliyun_ice", "ListSnapshotJobs", "Format=XML", "PageSize=5", "--access-key-id", "LTAItwo"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("http://127.0.0.1:8080/?Action=ListSnapshotJobs&Version=2020-11-09&Format=XML&PageSize=5&"
                        "AccessKeyId=LTAItwo&SignatureMethod=HMAC-SHA1&SignatureNonce=",
                        0),
            0u)
      << r.out;
  EXPECT_NE(r.out.find("&SignatureVersion=1.0&Timestamp=2025-12-01T14%3A00%3A00Z&Signature="), std::string::npos)
      << r.out;
  // Each run is a fresh nonce.
  EXPECT_NE(run({"aliyun_ice", "ListSnapshotJobs"}).out, run({"aliyun_ice", "ListSnapshotJobs"}).out);
}

TEST_F(SignCommand, MpcIsAQuotedCurlCommand) {
  const SignRun create = run({"huawei_mpc", "create", "--body", R"({"user_data":"it's"})", "--project", "p0b"});
  ASSERT_EQ(create.code, 0) << create.err;
  EXPECT_EQ(create.out.rfind("curl -H 'X-Sdk-Date: 20251201T140000Z' -H 'Authorization: SDK-HMAC-SHA256 "
                             "Access=HWAKB, SignedHeaders=content-type;host;x-sdk-date, Signature=",
                             0),
            0u)
      << create.out;
  EXPECT_NE(create.out.find(R"(-H 'Content-Type: application/json;charset=UTF-8' --data-raw '{"user_data":"it'\''s"}' )"
                            R"('http://127.0.0.1:8080/v1/p0b/thumbnails')"),
            std::string::npos)
      << create.out;
  const SignRun cancel = run({"huawei_mpc", "cancel", "task_id=a b"});
  ASSERT_EQ(cancel.code, 0) << cancel.err;
  EXPECT_EQ(cancel.out.rfind("curl -X 'DELETE' -H 'X-Sdk-Date: ", 0), 0u) << cancel.out;
  EXPECT_NE(cancel.out.find("Access=HWAKA, SignedHeaders=host;x-sdk-date, "), std::string::npos) << cancel.out;
  EXPECT_NE(cancel.out.find(" 'http://127.0.0.1:8080/v1/p0a/thumbnails?task_id=a%20b'\n"), std::string::npos)
      << cancel.out;
  const SignRun list = run({"huawei_mpc", "list"});
  EXPECT_EQ(list.out.rfind("curl -H 'X-Sdk-Date: ", 0), 0u) << list.out;
}

TEST(ShellQuote, EveryCharacterIsLiteral) {
  EXPECT_EQ(shell_quote(""), "''");
  EXPECT_EQ(shell_quote("a b$`\\\"!*"), "'a b$`\\\"!*'");
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(curl_command({.method = "PUT", .url = "http://h/", .headers = {}, .body = "", .output_file = ""}),
            "curl -X 'PUT' 'http://h/'");
}

}  // namespace
}  // namespace tg::cli
