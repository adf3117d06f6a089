#include "gateway/config.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <fstream>

#include "gateway/vendor_sections.hpp"
#include "support/clips.hpp"
#include "support/source_tree.hpp"

namespace tg::gateway {
namespace {

using namespace tg::gateway::testing;

namespace zego = adapters::zego;

std::filesystem::path repo_root() {
  return tg::testing::source_tree();
}

constexpr const char* kSecret = "0123456789abcdef0123456789abcdef";

std::string app_json(const std::string& extra = "") {
  return std::string(R"({"app_id":"42","server_secret":")") + kSecret + "\"" + extra + "}";
}

/// The error of parsing `json`, or "" when it parsed.
std::string error_of(const std::string& json) {
  auto result = parse_config(json);
  return result ? "" : result.error();
}

TEST(ConfigTest, DefaultsMatchTheDocumentedValues) {
  const Config config = default_config(adapters::standard_vendors());
  EXPECT_EQ(config.listen, "127.0.0.1:8080");
  EXPECT_EQ(config.data_dir, "./thumbgate-data");
  EXPECT_EQ(config.media_root, "./media");
  EXPECT_EQ(config.workers, 2);
  EXPECT_EQ(config.lease_ms, 30000);
  EXPECT_EQ(config.max_queue, 1000);
  EXPECT_EQ(config.max_queue_per_app, 250);
  EXPECT_EQ(config.callback_retry_delays_ms, (std::vector<int64_t>{2000, 4000, 8000, 16000, 32000}));
  EXPECT_TRUE(config.media.empty());
  EXPECT_TRUE(zego_of(config).apps.empty());
  EXPECT_EQ(config.public_base_url, "");
  EXPECT_EQ(zego_of(config).timestamp_window_s, 600);
  EXPECT_EQ(zego_of(config).max_offsets, 100u);
  ASSERT_EQ(zego_of(config).snapshot_templates.count(10), 1u);
  EXPECT_EQ(zego_of(config).snapshot_templates.at(10).width, 0);
  ASSERT_EQ(zego_of(config).snapshot_templates.count(20), 1u);
  EXPECT_EQ(zego_of(config).snapshot_templates.at(20).width, 500);
  EXPECT_EQ(zego_of(config).snapshot_templates.at(20).height, 281);
  EXPECT_EQ(zego_of(config).snapshot_templates.at(20).fit, engine::Fit::kStretch);
  ASSERT_EQ(zego_of(config).sample_templates.count(10), 1u);
  EXPECT_TRUE(zego_of(config).sample_templates.at(10).percent);
  EXPECT_DOUBLE_EQ(zego_of(config).sample_templates.at(10).interval, 10);
  EXPECT_EQ(zego_of(config).huawei.format, engine::ImageFormat::kJpeg);
  EXPECT_EQ(zego_of(config).huawei.max_length, 480);
}

TEST(ConfigTest, EmptyObjectIsTheDefaults) {
  auto config = parse_config("{}");
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->listen, "127.0.0.1:8080");
  EXPECT_EQ(zego_of(*config).snapshot_templates.size(), 2u);
}

TEST(ConfigTest, AppDefaults) {
  auto config = parse_config(R"({"apps":[)" + app_json() + "]}");
  ASSERT_TRUE(config) << config.error();
  ASSERT_EQ(zego_of(*config).apps.size(), 1u);
  const zego::ZegoApp& app = zego_of(*config).apps[0];
  EXPECT_EQ(app.app_id, "42");
  EXPECT_EQ(app.server_secret, kSecret);
  EXPECT_TRUE(app.enabled);
  EXPECT_TRUE(app.allows(zego::Vendor::kTencent));
  EXPECT_TRUE(app.allows(zego::Vendor::kHuawei));
  EXPECT_EQ(app.requests_per_second, 20);
  EXPECT_EQ(app.callback_url, "");
}

TEST(ConfigTest, AppIdMayBeAJsonIntegerAsZegoConsolesShowIt) {
  auto config = parse_config(std::string(R"({"apps":[{"app_id":4294967295,"server_secret":")") + kSecret +
                             R"("},{"app_id":1,"server_secret":")" + kSecret + R"("}]})");
  ASSERT_TRUE(config) << config.error();
  ASSERT_EQ(zego_of(*config).apps.size(), 2u);
  EXPECT_EQ(zego_of(*config).apps[0].app_id, "4294967295");
  EXPECT_EQ(zego_of(*config).apps[1].app_id, "1");
  // The same AppId as a number and as a string is one AppId.
  auto twice = parse_config(std::string(R"({"apps":[{"app_id":42,"server_secret":")") + kSecret +
                            R"("},{"app_id":"42","server_secret":")" + kSecret + R"("}]})");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error(), "apps[1].app_id: AppId 42 is configured twice");
}

TEST(ConfigTest, PublicBaseUrlDefaultsToTheBoundAddress) {
  Config config = default_config(adapters::standard_vendors());
  with_public_base_url(config, "http://127.0.0.1:41234");
  EXPECT_EQ(config.public_base_url, "http://127.0.0.1:41234");
  auto set = parse_config(R"({"public_base_url":"https://thumbs.example.com"})");
  ASSERT_TRUE(set) << set.error();
  with_public_base_url(*set, "http://127.0.0.1:41234");
  EXPECT_EQ(set->public_base_url, "https://thumbs.example.com");
}

TEST(ConfigTest, TheExampleFileLoadsWithEveryValue) {
  auto config = load_config((repo_root() / "schemas" / "config.example.json").string(), adapters::standard_vendors());
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->listen, "127.0.0.1:8080");
  EXPECT_EQ(config->public_base_url, "http://127.0.0.1:8080");
  ASSERT_EQ(zego_of(*config).apps.size(), 2u);
  EXPECT_EQ(zego_of(*config).apps[0].app_id, "1234567890");
  EXPECT_EQ(zego_of(*config).apps[0].callback_url, "http://127.0.0.1:9000/zego/snapshot");
  EXPECT_EQ(zego_of(*config).apps[0].callback_secret, "a-callback-secret");
  EXPECT_EQ(zego_of(*config).apps[1].vendors, (std::vector<zego::Vendor>{zego::Vendor::kHuawei}));
  EXPECT_EQ(zego_of(*config).apps[1].requests_per_second, 5);
  EXPECT_EQ(config->media.at("1397757897438985100"), "record/2024-11-13-06-10-48.mp4");
  EXPECT_EQ(config->media.at("remote-demo"), "https://media.example.com/clips/demo.mp4");
  // Configured templates are added to the built-in ones.
  ASSERT_EQ(zego_of(*config).snapshot_templates.count(30), 1u);
  EXPECT_EQ(zego_of(*config).snapshot_templates.at(30).format, engine::ImageFormat::kPng);
  EXPECT_EQ(zego_of(*config).snapshot_templates.at(30).fit, engine::Fit::kPad);
  EXPECT_EQ(zego_of(*config).snapshot_templates.count(20), 1u);
  ASSERT_EQ(zego_of(*config).sample_templates.count(20), 1u);
  EXPECT_FALSE(zego_of(*config).sample_templates.at(20).percent);
  EXPECT_DOUBLE_EQ(zego_of(*config).sample_templates.at(20).interval, 5);
  EXPECT_EQ(zego_of(*config).sample_templates.at(20).width, 640);
  EXPECT_EQ(config->outbound.allow_networks, std::vector<std::string>{"127.0.0.1"});
  EXPECT_TRUE(config->outbound.policy.allows_ip("127.0.0.1"));
  EXPECT_EQ(config->outbound.idle_timeout_ms, 15000);
}

TEST(ConfigTest, OutboundUrlsNeedLowercaseSchemesHostsAndAllowedLiteralAddresses) {
  const std::string app = R"({"app_id":"42","server_secret":"0123456789abcdef0123456789abcdef",)"
                          R"("callback_secret":"s","callback_url":")";
  auto with_callback = [&](const std::string& url, const std::string& outbound = "") {
    return R"({"apps":[)" + app + url + R"("}])" + outbound + "}";
  };
  auto with_bucket_root = [](const std::string& url) {
    return R"({"cos":{"buckets":[{"name":"a-1250000000","region":"ap-beijing","root":"cos/a"},)"
           R"({"name":"b-1250000000","region":"ap-beijing","root":")" + url + R"("}]}})";
  };
  const std::pair<std::string, std::string> cases[] = {
      {with_callback("HTTP://hooks.example.com/cb"), "apps[0].callback_url: the URL must start with http:// or"},
      {with_callback("Https://hooks.example.com/cb"), "apps[0].callback_url: the URL must start with http:// or"},
      {with_callback("http:///cb"), "apps[0].callback_url: the URL has no host"},
      {with_callback("http://127.0.0.1:9000/cb"), "apps[0].callback_url: the URL's host 127.0.0.1 is not a public"},
      {with_callback("http://169.254.169.254/latest/meta-data"), "apps[0].callback_url: the URL's host 169.254"},
      {with_callback("http://[::1]:9000/cb", R"(,"outbound":{"allow_networks":["127.0.0.1"]})"),
       "apps[0].callback_url: the URL's host ::1 is not a public"},
      {R"({"media":{"a":"HTTP://media.example.com/a.mp4"}})", "media.a: the URL must start with"},
      {R"({"media":{"a":"http:///a.mp4"}})", "media.a: the URL has no host"},
      {R"({"media":{"a":"http://10.1.2.3/a.mp4"}})", "media.a: the URL's host 10.1.2.3"},
      {R"({"tencent_vod":{"event_url":"http://192.168.1.5/e"}})", "tencent_vod.event_url: the URL's host 192.168"},
      {with_bucket_root("http://169.254.169.254/videos"), "cos.buckets[1].root: the URL's host 169.254"},
      {with_bucket_root("HTTPS://media.example.com/videos"), "cos.buckets[1].root: the URL must start with"},
  };
  for (const auto& [json, expected] : cases) {
    const std::string error = error_of(json);
    EXPECT_EQ(error.rfind(expected, 0), 0u) << json << "\nerror: " << error;
  }
  // Names are checked on the address connected to, not here; allowed literals load.
  for (const std::string& json :
       {with_callback("https://localhost/cb"), with_callback("http://hooks.example.com:8080/cb"),
        with_callback("http://127.0.0.1:9000/cb", R"(,"outbound":{"allow_networks":["127.0.0.0/8"]})"),
        with_bucket_root("https://media.example.com/videos"), std::string(R"({"media":{"a":"http://93.184.216.34/a.mp4"}})")}) {
    EXPECT_EQ(error_of(json), "") << json;
  }
}

TEST(ConfigTest, OutboundAllowsPublicAddressesOnlyByDefault) {
  auto defaults = parse_config("{}");
  ASSERT_TRUE(defaults) << defaults.error();
  EXPECT_TRUE(defaults->outbound.allow_networks.empty());
  EXPECT_FALSE(defaults->outbound.policy.allows_ip("127.0.0.1"));
  EXPECT_FALSE(defaults->outbound.policy.allows_ip("169.254.169.254"));
  EXPECT_TRUE(defaults->outbound.policy.allows_ip("93.184.216.34"));
  EXPECT_EQ(defaults->outbound.idle_timeout_ms, 15000);
  auto config = parse_config(R"({"outbound":{"allow_networks":["10.0.0.0/8","::1"],"idle_timeout_ms":500}})");
  ASSERT_TRUE(config) << config.error();
  EXPECT_TRUE(config->outbound.policy.allows_ip("10.9.8.7"));
  EXPECT_TRUE(config->outbound.policy.allows_ip("::1"));
  EXPECT_FALSE(config->outbound.policy.allows_ip("127.0.0.1"));
  EXPECT_EQ(config->outbound.idle_timeout_ms, 500);
}

TEST(ConfigTest, ValuesAreRead) {
  auto config = parse_config(R"({"listen":"[::1]:0","data_dir":"/d","media_root":"/m",
    "public_base_url":"https://thumbs.example.com//","workers":0,"lease_ms":2000,"max_queue":2,
    "callback_retry_delays_ms":[],"huawei":{"format":"png","max_length":0},
    "tencent":{"snapshot_templates":{"10":{"width":100}}}})");
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->listen, "[::1]:0");
  EXPECT_EQ(config->data_dir, "/d");
  EXPECT_EQ(config->media_root, "/m");
  EXPECT_EQ(config->public_base_url, "https://thumbs.example.com");
  EXPECT_EQ(config->workers, 0);
  EXPECT_EQ(config->lease_ms, 2000);
  EXPECT_EQ(config->max_queue, 2);
  EXPECT_TRUE(config->callback_retry_delays_ms.empty());
  EXPECT_EQ(zego_of(*config).huawei.format, engine::ImageFormat::kPng);
  EXPECT_EQ(zego_of(*config).huawei.max_length, 0);
  // A configured id replaces the built-in template of the same id.
  EXPECT_EQ(zego_of(*config).snapshot_templates.at(10).width, 100);
}

struct BadCase {
  std::string json;
  std::string expected_prefix;  // the error starts with the field path
};

class ConfigErrorTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(ConfigErrorTest, NamesTheField) {
  const std::string error = error_of(GetParam().json);
  ASSERT_FALSE(error.empty()) << GetParam().json;
  EXPECT_EQ(error.rfind(GetParam().expected_prefix, 0), 0u) << "error: " << error;
}

INSTANTIATE_TEST_SUITE_P(
    Fields, ConfigErrorTest,
    ::testing::Values(
        BadCase{"[]", "the config must be a JSON object"},
        BadCase{R"({"listen":)", "not valid JSON"},
        BadCase{R"({} {})", "not valid JSON"},
        BadCase{R"({"lisen":"x"})", "lisen: unknown field"},
        BadCase{R"({"workers":1,"workers":2})", "workers: appears twice"},
        BadCase{R"({"listen":"localhost"})", "listen:"},
        BadCase{R"({"listen":"127.0.0.1:99999"})", "listen:"},
        BadCase{R"({"listen":8080})", "listen: must be a string"},
        BadCase{R"({"data_dir":""})", "data_dir: must not be empty"},
        BadCase{R"({"media_root":3})", "media_root: must be a string"},
        BadCase{R"({"public_base_url":"ftp://x"})", "public_base_url: must be an http"},
        BadCase{R"({"workers":-1})", "workers: must be an integer 0..64"},
        BadCase{R"({"workers":2.5})", "workers: must be an integer"},
        BadCase{R"({"workers":"2"})", "workers: must be an integer"},
        BadCase{R"({"lease_ms":10})", "lease_ms: must be an integer"},
        BadCase{R"({"max_queue":0})", "max_queue: must be an integer"},
        BadCase{R"({"max_queue_per_app":0})", "max_queue_per_app: must be an integer 1..10000000"},
        BadCase{R"({"max_queue":10,"max_queue_per_app":11})", "max_queue_per_app: must be at most max_queue (10)"},
        BadCase{R"({"callback_retry_delays_ms":5})", "callback_retry_delays_ms: must be an array"},
        BadCase{R"({"callback_retry_delays_ms":[1,-1]})", "callback_retry_delays_ms[1]: must be an integer"},
        BadCase{R"({"apps":{}})", "apps: must be an array"},
        BadCase{R"({"apps":[1]})", "apps[0]: must be an object"},
        BadCase{R"({"apps":[{"server_secret":"0123456789abcdef0123456789abcdef"}]})", "apps[0].app_id: is required"},
        BadCase{R"({"apps":[{"app_id":true,"server_secret":"0123456789abcdef0123456789abcdef"}]})",
                "apps[0].app_id: must be a string"},
        BadCase{R"({"apps":[{"app_id":-42,"server_secret":"0123456789abcdef0123456789abcdef"}]})",
                "apps[0].app_id: must be a string of decimal digits or an integer, a Uint32 from 1"},
        BadCase{R"({"apps":[{"app_id":4294967296,"server_secret":"0123456789abcdef0123456789abcdef"}]})",
                "apps[0].app_id: must be a string of decimal digits or an integer, a Uint32 from 1"},
        BadCase{R"({"apps":[{"app_id":0,"server_secret":"0123456789abcdef0123456789abcdef"}]})",
                "apps[0].app_id: must be a string of decimal digits or an integer, a Uint32 from 1"},
        BadCase{R"({"apps":[{"app_id":42.5,"server_secret":"0123456789abcdef0123456789abcdef"}]})",
                "apps[0].app_id: must be a string of decimal digits or an integer, a Uint32 from 1"},
        BadCase{R"({"apps":[{"app_id":"4294967296","server_secret":"0123456789abcdef0123456789abcdef"}]})",
                "apps[0].app_id: must be a string of decimal digits"},
        BadCase{R"({"apps":[{"app_id":"0","server_secret":"0123456789abcdef0123456789abcdef"}]})",
                "apps[0].app_id:"},
        BadCase{R"({"apps":[{"app_id":"12a","server_secret":"0123456789abcdef0123456789abcdef"}]})",
                "apps[0].app_id:"},
        BadCase{R"({"apps":[{"app_id":"42"}]})", "apps[0].server_secret: is required"},
        BadCase{R"({"apps":[{"app_id":"42","server_secret":"short"}]})",
                "apps[0].server_secret: must be at least 32 characters"},
        BadCase{R"({"apps":[{"app_id":"42","server_secret":"0123456789abcdef0123456789abcdef","enabled":"yes"}]})",
                "apps[0].enabled: must be true or false"},
        BadCase{R"({"apps":[{"app_id":"42","server_secret":"0123456789abcdef0123456789abcdef","vendors":[]}]})",
                "apps[0].vendors: must be a non-empty array"},
        BadCase{R"({"apps":[{"app_id":"42","server_secret":"0123456789abcdef0123456789abcdef","vendors":["Aliyun"]}]})",
                "apps[0].vendors[0]: must be"},
        BadCase{R"({"apps":[{"app_id":"42","server_secret":"0123456789abcdef0123456789abcdef","vendors":["Huawei","Huawei"]}]})",
                "apps[0].vendors[1]: is listed twice"},
        BadCase{R"({"apps":[{"app_id":"42","server_secret":"0123456789abcdef0123456789abcdef","callback_url":"x"}]})",
                "apps[0].callback_url: must be an http"},
        BadCase{R"({"apps":[{"app_id":"42","server_secret":"0123456789abcdef0123456789abcdef","callback_url":"http://h/c"}]})",
                "apps[0].callback_secret: is required when callback_url is set"},
        BadCase{R"({"apps":[{"app_id":"1","server_secret":"0123456789abcdef0123456789abcdef"},{"app_id":"2","server_secret":"0123456789abcdef0123456789abcdef","requests_per_second":0}]})",
                "apps[1].requests_per_second: must be an integer 1..10000"},
        BadCase{R"({"apps":[{"app_id":"42","server_secret":"0123456789abcdef0123456789abcdef","requests_per_second":10001}]})",
                "apps[0].requests_per_second: must be an integer 1..10000"},
        BadCase{R"({"apps":[{"app_id":"42","server_secret":"0123456789abcdef0123456789abcdef","colour":"red"}]})",
                "apps[0].colour: unknown field"},
        BadCase{R"({"apps":[{"app_id":"42","server_secret":"0123456789abcdef0123456789abcdef"},{"app_id":"42","server_secret":"0123456789abcdef0123456789abcdef"}]})",
                "apps[1].app_id: AppId 42 is configured twice"},
        BadCase{R"({"media":[]})", "media: must be an object"},
        BadCase{R"({"media":{"a":1}})", "media.a: must be a path"},
        BadCase{R"({"media":{"a":""}})", "media.a: must be a path"},
        BadCase{R"({"media":{"a":"x/../../etc/passwd"}})", "media.a: must not contain '..'"},
        BadCase{R"({"media":{"":"a.mp4"}})", "media.: file ids must be non-empty"},
        BadCase{R"({"tencent":{"sprite_templates":{"20":{"rows":0}}}})", "tencent.sprite_templates.20.rows: must be"},
        BadCase{R"({"tencent":{"no_such_templates":{}}})", "tencent.no_such_templates: unknown field"},
        BadCase{R"({"tencent":{"snapshot_templates":{"ten":{}}}})", "tencent.snapshot_templates.ten: template ids"},
        BadCase{R"({"tencent":{"snapshot_templates":{"30":{"format":"gif"}}}})",
                "tencent.snapshot_templates.30.format: must be \"jpg\" or \"png\""},
        BadCase{R"({"tencent":{"snapshot_templates":{"30":{"width":-1}}}})",
                "tencent.snapshot_templates.30.width: must be an integer 0..8192"},
        BadCase{R"({"tencent":{"snapshot_templates":{"30":{"fill":"crop"}}}})",
                "tencent.snapshot_templates.30.fill: must be \"stretch\" or \"pad\""},
        BadCase{R"({"tencent":{"sample_templates":{"30":{}}}})", "tencent.sample_templates.30.interval: is required"},
        BadCase{R"({"tencent":{"sample_templates":{"30":{"interval":101}}}})",
                "tencent.sample_templates.30.interval: must be a number of percent"},
        BadCase{R"({"tencent":{"sample_templates":{"30":{"sample_type":"Time","interval":0}}}})",
                "tencent.sample_templates.30.interval: must be a number of seconds"},
        BadCase{R"({"tencent":{"sample_templates":{"30":{"sample_type":"Frames","interval":1}}}})",
                "tencent.sample_templates.30.sample_type: must be"},
        BadCase{R"({"huawei":{"max_length":-5}})", "huawei.max_length: must be an integer 0..8192"},
        BadCase{R"({"huawei":{"format":"bmp"}})", "huawei.format: must be"},
        BadCase{R"({"huawei":{"interval":2}})", "huawei.interval: unknown field"},
        BadCase{R"({"outbound":[]})", "outbound: must be an object"},
        BadCase{R"({"outbound":{"allow":[]}})", "outbound.allow: unknown field"},
        BadCase{R"({"outbound":{"allow_networks":"10.0.0.0/8"}})", "outbound.allow_networks: must be an array"},
        BadCase{R"({"outbound":{"allow_networks":["10.0.0.0/8", 5]}})", "outbound.allow_networks[1]: must be"},
        BadCase{R"({"outbound":{"allow_networks":["localhost"]}})", "outbound.allow_networks[0]: \"localhost\""},
        BadCase{R"({"outbound":{"allow_networks":["10.0.0.0/40"]}})", "outbound.allow_networks[0]:"},
        BadCase{R"({"outbound":{"idle_timeout_ms":0}})", "outbound.idle_timeout_ms: must be an integer"}));

TEST(ConfigTest, AnAppsShareOfTheQueueIsAQuarterUnlessSet) {
  auto config = parse_config(R"({"max_queue":10})");
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->max_queue_per_app, 3);
  config = parse_config(R"({"max_queue":1})");
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->max_queue_per_app, 1);
  config = parse_config(R"({"max_queue":10,"max_queue_per_app":10})");
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->max_queue_per_app, 10);
  config = parse_config("{}");
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->max_queue_per_app, 250);
}

rapidjson::Document read_schema() {
  std::ifstream in(repo_root() / "schemas" / "config.schema.json", std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  rapidjson::Document doc;
  doc.Parse(text.c_str(), text.size());
  EXPECT_FALSE(doc.HasParseError());
  return doc;
}

TEST(ConfigSchemaTest, DocumentedDefaultsAreTheLoadersDefaults) {
  const rapidjson::Document schema = read_schema();
  ASSERT_TRUE(schema.IsObject());
  const auto& props = schema["properties"];
  const Config config = default_config(adapters::standard_vendors());
  EXPECT_EQ(props["listen"]["default"].GetString(), config.listen);
  EXPECT_EQ(props["data_dir"]["default"].GetString(), config.data_dir);
  EXPECT_EQ(props["media_root"]["default"].GetString(), config.media_root);
  EXPECT_EQ(props["workers"]["default"].GetInt(), config.workers);
  EXPECT_EQ(props["lease_ms"]["default"].GetInt64(), config.lease_ms);
  EXPECT_EQ(props["max_queue"]["default"].GetInt64(), config.max_queue);
  EXPECT_EQ(props["max_queue_per_app"]["default"].GetInt64(), config.max_queue_per_app);
  std::vector<int64_t> delays;
  for (const auto& d : props["callback_retry_delays_ms"]["default"].GetArray()) delays.push_back(d.GetInt64());
  EXPECT_EQ(delays, config.callback_retry_delays_ms);
  EXPECT_EQ(props["huawei"]["properties"]["max_length"]["default"].GetInt(), zego_of(config).huawei.max_length);
  const auto& app = schema["$defs"]["app"]["properties"];
  EXPECT_EQ(app["requests_per_second"]["default"].GetInt(), zego::ZegoApp{}.requests_per_second);
  EXPECT_EQ(app["enabled"]["default"].GetBool(), zego::ZegoApp{}.enabled);
}

TEST(ConfigSchemaTest, EveryDocumentedFieldIsAcceptedAndNoOther) {
  const rapidjson::Document schema = read_schema();
  ASSERT_TRUE(schema.IsObject());
  // Each top-level property of the schema is known to the loader (its value may still be refused).
  for (const auto& prop : schema["properties"].GetObject()) {
    const std::string name = prop.name.GetString();
    const std::string error = error_of("{\"" + name + "\":null}");
    EXPECT_EQ(error.find("unknown field"), std::string::npos) << name << ": " << error;
  }
  for (const auto& prop : schema["$defs"]["app"]["properties"].GetObject()) {
    const std::string name = prop.name.GetString();
    const std::string error = error_of(R"({"apps":[{")" + name + "\":null}]}");
    EXPECT_EQ(error.find("unknown field"), std::string::npos) << name << ": " << error;
  }
  EXPECT_FALSE(schema["additionalProperties"].GetBool());
  EXPECT_FALSE(schema["$defs"]["app"]["additionalProperties"].GetBool());
}

TEST(ConfigTest, LoadReportsAMissingFile) {
  auto config = load_config(tg::testing::work_dir("config") + "/does-not-exist.json", adapters::standard_vendors());
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().find("cannot read"), std::string::npos) << config.error();
}

TEST(ConfigTest, LoadReadsAFile) {
  const std::string path = tg::testing::work_dir("config") + "/small.json";
  std::ofstream(path, std::ios::trunc) << R"({"workers":3,"apps":[)" << app_json(R"(,"enabled":false)") << "]}";
  auto config = load_config(path, adapters::standard_vendors());
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->workers, 3);
  ASSERT_EQ(zego_of(*config).apps.size(), 1u);
  EXPECT_FALSE(zego_of(*config).apps[0].enabled);
}

}  // namespace
}  // namespace tg::gateway
