// The "huawei_mpc" config section: defaults, every field read, and errors that name the field.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "adapters/huawei_mpc/mpc_config.hpp"

namespace tg::adapters::huawei_mpc {
namespace {

tg::Result<MpcSettings, std::string> read(const std::string& json) {
  rapidjson::Document doc;
  doc.Parse(json.c_str());
  EXPECT_FALSE(doc.HasParseError()) << json;
  MpcSettings settings;
  AddressPolicy policy;
  auto read = read_mpc_section(doc, "huawei_mpc", policy, settings);
  if (!read) return tg::unexpected(read.error());
  return settings;
}

constexpr const char* kCredential =
    R"({"access_key":"HWAK1","secret_key":"0123456789abcdef","project_id":"p1"})";

TEST(HuaweiMpcConfig, ReadsEveryField) {
  auto settings = read(std::string(R"({"credentials":[)") + kCredential +
                       R"(],"input_buckets":[{"name":"media-bucket","root":"obs/in"},)"
                       R"({"name":"web.bucket","root":"https://media.example.com/base"}],)"
                       R"("output_buckets":[{"name":"thumb-bucket","root":"/srv/thumbs"}],)"
                       R"("requests_per_second":5,"date_window_s":300,"sync_timeout_ms":2000})");
  ASSERT_TRUE(settings) << settings.error();
  ASSERT_NE(settings->find_credential("HWAK1"), nullptr);
  EXPECT_EQ(settings->find_credential("HWAK1")->project_id, "p1");
  EXPECT_EQ(settings->find_input_bucket("web.bucket")->root, "https://media.example.com/base");
  EXPECT_EQ(settings->find_output_bucket("thumb-bucket")->root, "/srv/thumbs");
  EXPECT_EQ(settings->requests_per_second, 5);
  EXPECT_EQ(settings->date_window_s, 300);
  EXPECT_EQ(settings->sync_timeout_ms, 2000);
  auto defaults = read("{}");
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->date_window_s, 900);  // Huawei's API gateway: 15 minutes
  EXPECT_EQ(defaults->requests_per_second, 20);
}

TEST(HuaweiMpcConfig, ErrorsNameTheField) {
  const std::string cred = kCredential;
  struct Case {
    std::string json;
    std::string field;
  };
  for (const Case& c : std::vector<Case>{
           {R"({"credentials":[{"access_key":"A B","secret_key":"0123456789abcdef","project_id":"p"}]})",
            "huawei_mpc.credentials[0].access_key"},
           {R"({"credentials":[{"access_key":"A","secret_key":"short","project_id":"p"}]})",
            "huawei_mpc.credentials[0].secret_key"},
           {R"({"credentials":[{"access_key":"A","secret_key":"0123456789abcdef","project_id":"a/b"}]})",
            "huawei_mpc.credentials[0].project_id"},
           {R"({"credentials":[)" + cred + "," + cred + "]}", "huawei_mpc.credentials[1].access_key"},
           {R"({"input_buckets":[{"name":"UPPER","root":"x"}]})", "huawei_mpc.input_buckets[0].name"},
           {R"({"input_buckets":[{"name":"media","root":"/abs"}]})", "huawei_mpc.input_buckets[0].root"},
           {R"({"input_buckets":[{"name":"media","root":"a/../../b"}]})", "huawei_mpc.input_buckets[0].root"},
           {R"({"input_buckets":[{"name":"media","root":"http://10.0.0.1/x"}]})", "huawei_mpc.input_buckets[0].root"},
           {R"({"output_buckets":[{"name":"out","root":"https://example.com"}]})", "huawei_mpc.output_buckets[0].root"},
           {R"({"output_buckets":[{"name":"out","root":"o"},{"name":"out","root":"p"}]})",
            "huawei_mpc.output_buckets[1].name"},
           {R"({"requests_per_second":0})", "huawei_mpc.requests_per_second"},
           {R"({"sync_timeout_ms":1})", "huawei_mpc.sync_timeout_ms"},
           {R"({"bogus":1})", "huawei_mpc.bogus"},
       }) {
    auto settings = read(c.json);
    ASSERT_FALSE(settings) << c.json;
    EXPECT_TRUE(settings.error().starts_with(c.field + ":")) << c.json << " -> " << settings.error();
  }
}

TEST(HuaweiMpcConfig, BucketNamesFollowObs) {
  EXPECT_TRUE(valid_obs_bucket_name("media-bucket"));
  EXPECT_TRUE(valid_obs_bucket_name("a.b-c"));
  EXPECT_FALSE(valid_obs_bucket_name("ab"));
  EXPECT_FALSE(valid_obs_bucket_name("-ab"));
  EXPECT_FALSE(valid_obs_bucket_name("ab-"));
  EXPECT_FALSE(valid_obs_bucket_name("a_b"));
  EXPECT_FALSE(valid_obs_bucket_name(std::string(64, 'a')));
}

}  // namespace
}  // namespace tg::adapters::huawei_mpc
