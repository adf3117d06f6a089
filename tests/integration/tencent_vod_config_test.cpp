// The "tencent_vod" config section and tencent.sprite_templates: defaults, values read, and errors that
// name the bad field.

#include <gtest/gtest.h>

#include <string>

#include "gateway/config.hpp"
#include "gateway/vendor_sections.hpp"
#include "adapters/tencent_vod/vod_config.hpp"

namespace tg::gateway {
namespace {

using namespace tg::gateway::testing;

std::string error_of(const std::string& json) {
  auto config = parse_config(json);
  return config ? std::string() : config.error();
}

TEST(TencentVodConfig, DefaultsHaveNoKeysAndThePresetSprite) {
  auto config = parse_config("{}");
  ASSERT_TRUE(config) << config.error();
  EXPECT_TRUE(vod_of(*config).secrets.empty());
  EXPECT_TRUE(vod_of(*config).event_url.empty());
  ASSERT_EQ(vod_of(*config).sprite_templates.count(10), 1u);
  EXPECT_EQ(vod_of(*config).sprite_templates.at(10).cell_width, 142);
  EXPECT_EQ(vod_of(*config).snapshot_templates.size(), zego_of(*config).snapshot_templates.size());
}

TEST(TencentVodConfig, ReadsKeysEventUrlHostAndTemplates) {
  auto config = parse_config(R"({"tencent_vod":{"secrets":[{"secret_id":"AKIDa","secret_key":"0123456789abcdef"},
      {"secret_id":"AKIDb","secret_key":"0123456789abcdef","requests_per_minute":7}],
      "event_url":"http://127.0.0.1:9000/e","host":"vod.api.qcloud.com"},
      "outbound":{"allow_networks":["127.0.0.1"]},
      "tencent":{"snapshot_templates":{"40":{"width":100,"height":50}},
                 "sprite_templates":{"20":{"cell_width":64,"cell_height":48,"columns":2,"rows":3,
                                           "interval_s":0.5,"fill":"#A0b1C2","format":"png"}}}})");
  ASSERT_TRUE(config) << config.error();
  const auto& vod = vod_of(*config);
  ASSERT_EQ(vod.secrets.size(), 2u);
  EXPECT_EQ(vod.secrets[0].requests_per_minute, 100);
  EXPECT_EQ(vod.secrets[1].requests_per_minute, 7);
  EXPECT_EQ(vod.event_url, "http://127.0.0.1:9000/e");
  EXPECT_EQ(vod.host, "vod.api.qcloud.com");
  ASSERT_EQ(vod.sprite_templates.count(20), 1u);
  const auto& t = vod.sprite_templates.at(20);
  EXPECT_EQ(t.cell_width, 64);
  EXPECT_EQ(t.rows, 3);
  EXPECT_DOUBLE_EQ(t.interval_s, 0.5);
  EXPECT_EQ(t.color, 0xA0B1C2u);
  EXPECT_EQ(t.format, engine::ImageFormat::kPng);
  EXPECT_EQ(vod.sprite_templates.count(10), 1u);
  // Time-point templates are shared with the ZEGO front door's Tencent flavour.
  ASSERT_EQ(vod.snapshot_templates.count(40), 1u);
  EXPECT_EQ(vod.snapshot_templates.at(40).width, 100);
}

TEST(TencentVodConfig, ErrorsNameTheField) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"tencent_vod":[]})", "tencent_vod: must be an object"},
      {R"({"tencent_vod":{"keys":[]}})", "tencent_vod.keys: unknown field"},
      {R"({"tencent_vod":{"secrets":{}}})", "tencent_vod.secrets: must be an array"},
      {R"({"tencent_vod":{"secrets":[{"secret_key":"0123456789abcdef"}]}})",
       "tencent_vod.secrets[0].secret_id: is required"},
      {R"({"tencent_vod":{"secrets":[{"secret_id":"a b","secret_key":"0123456789abcdef"}]}})",
       "tencent_vod.secrets[0].secret_id: must be"},
      {R"({"tencent_vod":{"secrets":[{"secret_id":"a","secret_key":"short"}]}})",
       "tencent_vod.secrets[0].secret_key: must be at least 16"},
      {R"({"tencent_vod":{"secrets":[{"secret_id":"a","secret_key":"0123456789abcdef","requests_per_minute":0}]}})",
       "tencent_vod.secrets[0].requests_per_minute: must be an integer"},
      {R"({"tencent_vod":{"secrets":[{"secret_id":"a","secret_key":"0123456789abcdef"},{"secret_id":"a","secret_key":"0123456789abcdef"}]}})",
       "tencent_vod.secrets[1].secret_id: SecretId a is configured twice"},
      {R"({"tencent_vod":{"event_url":"ftp://x"}})", "tencent_vod.event_url: must be an http"},
      {R"({"tencent_vod":{"host":"http://vod.api.qcloud.com/"}})", "tencent_vod.host: must be a host"},
      {R"({"tencent":{"sprite_templates":[]}})", "tencent.sprite_templates: must be an object"},
      {R"({"tencent":{"sprite_templates":{"x":{}}}})", "tencent.sprite_templates.x: template ids"},
      {R"({"tencent":{"sprite_templates":{"20":{"cells":1}}}})", "tencent.sprite_templates.20.cells: unknown field"},
      {R"({"tencent":{"sprite_templates":{"20":{"columns":0}}}})", "tencent.sprite_templates.20.columns: must be"},
      {R"({"tencent":{"sprite_templates":{"20":{"cell_width":1000,"columns":10}}}})",
       "tencent.sprite_templates.20.columns: columns x cell_width"},
      {R"({"tencent":{"sprite_templates":{"20":{"interval_s":0}}}})",
       "tencent.sprite_templates.20.interval_s: must be"},
      {R"({"tencent":{"sprite_templates":{"20":{"fill":"white"}}}})", "tencent.sprite_templates.20.fill: must be"},
      {R"({"tencent":{"sprite_templates":{"20":{"fill":"#12345G"}}}})", "tencent.sprite_templates.20.fill: must be"},
      {R"({"tencent":{"sprite_templates":{"20":{"format":"gif"}}}})", "tencent.sprite_templates.20.format: must be"},
  };
  for (const auto& [json, expected] : cases) {
    const std::string error = error_of(json);
    EXPECT_NE(error.find(expected), std::string::npos) << json << " -> " << error;
  }
}

TEST(TencentVodConfig, FillColors) {
  EXPECT_EQ(adapters::tencent_vod::parse_fill_color("black"), 0u);
  EXPECT_EQ(adapters::tencent_vod::parse_fill_color("#FFFFFF"), 0xFFFFFFu);
  EXPECT_EQ(adapters::tencent_vod::parse_fill_color("#00ff7f"), 0x00FF7Fu);
  EXPECT_FALSE(adapters::tencent_vod::parse_fill_color("#FFF"));
  EXPECT_FALSE(adapters::tencent_vod::parse_fill_color("Black"));
  EXPECT_FALSE(adapters::tencent_vod::parse_fill_color("00FF7F"));
}

}  // namespace
}  // namespace tg::gateway
