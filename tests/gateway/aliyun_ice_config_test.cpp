// The config file's "aliyun_ice" section: the example file's values, the presets, and errors naming the
// bad field.

#include <gtest/gtest.h>

#include "adapters/aliyun_ice/ice_settings.hpp"
#include "adapters/registry.hpp"
#include "gateway/config.hpp"
#include "support/source_tree.hpp"

namespace tg::gateway {
namespace {

using adapters::aliyun_ice::IceSettings;

const IceSettings& ice_of(const Config& c) { return c.vendor<IceSettings>("aliyun_ice"); }

std::string error_of(const std::string& json) {
  auto config = parse_config(json);
  return config ? std::string() : config.error();
}

TEST(IceConfigTest, DefaultsWithoutTheSection) {
  auto config = parse_config("{}");
  ASSERT_TRUE(config) << config.error();
  EXPECT_TRUE(ice_of(*config).access_keys.empty());
  EXPECT_EQ(ice_of(*config).requests_per_second, 50);
  EXPECT_EQ(ice_of(*config).region, "cn-shanghai");
  EXPECT_EQ(ice_of(*config).templates.count("thumbgate-normal"), 1u);
  EXPECT_EQ(ice_of(*config).templates.count("thumbgate-sprite"), 1u);
  EXPECT_EQ(ice_of(*config).templates.count("thumbgate-webvtt"), 1u);
}

TEST(IceConfigTest, TheExampleFileHasEveryField) {
  auto config = load_config((tg::testing::source_tree() / "schemas" / "config.example.json").string(),
                            adapters::standard_vendors());
  ASSERT_TRUE(config) << config.error();
  const IceSettings& ice = ice_of(*config);
  ASSERT_EQ(ice.access_keys.size(), 1u);
  EXPECT_EQ(ice.access_keys[0].id, "LTAI5texampleIceKey0001");
  ASSERT_EQ(ice.input_buckets.size(), 2u);
  EXPECT_EQ(ice.input_buckets[1].root, "https://media.example.com/videos");
  EXPECT_EQ(ice.output_bucket.name, "example-output");
  EXPECT_EQ(ice.event_url, "http://127.0.0.1:9000/ice/events");
  ASSERT_EQ(ice.templates.count("sprite-5x5"), 1u);
  EXPECT_EQ(ice.templates.at("sprite-5x5").sprite.columns, 5);
  EXPECT_EQ(ice.templates.at("sprite-5x5").interval_s, 5);
}

TEST(IceConfigTest, ErrorsNameTheField) {
  const std::string key = R"({"access_key_id":"k1","access_key_secret":"0123456789abcdef"})";
  struct Case {
    std::string json;
    std::string path;
  };
  for (const Case& c : std::vector<Case>{
           {R"({"aliyun_ice":{"nope":1}})", "aliyun_ice.nope"},
           {R"({"aliyun_ice":{"access_keys":[{"access_key_id":"k1","access_key_secret":"short"}]}})",
            "aliyun_ice.access_keys[0].access_key_secret"},
           {R"({"aliyun_ice":{"access_keys":[)" + key + "," + key + "]}}", "aliyun_ice.access_keys[1].access_key_id"},
           {R"({"aliyun_ice":{"input_buckets":[{"name":"Bad_Name","root":"x"}]}})", "aliyun_ice.input_buckets[0].name"},
           {R"({"aliyun_ice":{"input_buckets":[{"name":"in-b","root":"../x"}]}})", "aliyun_ice.input_buckets[0].root"},
           {R"({"aliyun_ice":{"input_buckets":[{"name":"in-b","root":"/abs"}]}})", "aliyun_ice.input_buckets[0].root"},
           {R"({"aliyun_ice":{"output_bucket":{"name":"out-b","folder":"https://x.example.com"}}})",
            "aliyun_ice.output_bucket.folder"},
           {R"({"aliyun_ice":{"templates":{"t":{"Count":0}}}})", "aliyun_ice.templates.t.Count"},
           {R"({"aliyun_ice":{"templates":{"t":{"Type":"Gif"}}}})", "aliyun_ice.templates.t.Type"},
           {R"({"aliyun_ice":{"event_url":"ftp://x"}})", "aliyun_ice.event_url"},
           {R"({"aliyun_ice":{"requests_per_second":0}})", "aliyun_ice.requests_per_second"},
       }) {
    const std::string error = error_of(c.json);
    EXPECT_NE(error.find(c.path), std::string::npos) << c.json << " -> " << error;
  }
}

}  // namespace
}  // namespace tg::gateway
