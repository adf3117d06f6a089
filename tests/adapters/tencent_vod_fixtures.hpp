#pragma once
// Shared helpers of the Tencent VOD v2 adapter tests: settings with the official example key, the
// repository's schemas/tencent_vod fixtures, and finished task records.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "adapters/tencent_vod/vod_settings.hpp"
#include "adapters/zego_fixtures.hpp"
#include "signing/params.hpp"
#include "tasks/task.hpp"

namespace tg::adapters::tencent_vod::testing {

inline constexpr const char* kSecretId = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA";
inline constexpr const char* kSecretKey = "Gu5t9xGARNpq86cd98joQYCN3Cozk1qA";

inline VodSettings make_settings() {
  VodSettings settings;
  settings.secrets.push_back(VodSecret{kSecretId, kSecretKey, 100});
  settings.event_url = "http://127.0.0.1:9/vod-events";
  settings.public_base_url = "http://127.0.0.1:8080";
  SpriteTemplate small;
  small.cell_width = 64;
  small.cell_height = 48;
  small.columns = 2;
  small.rows = 3;
  small.interval_s = 2.5;
  small.color = 0x102030;
  small.format = engine::ImageFormat::kPng;
  settings.sprite_templates[20] = small;
  return settings;
}

inline std::string read_fixture(const std::string& name) {
  std::ifstream in(zego::testing::repo_root() / "schemas" / "tencent_vod" / name, std::ios::binary);
  EXPECT_TRUE(in.good()) << "fixture " << name;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// A fixture request: {method, host, params{...}} -> its parts.
struct FixtureRequest {
  std::string method;
  std::string host;
  signing::Params params;
};

inline FixtureRequest read_request_fixture(const std::string& name) {
  rapidjson::Document doc;
  const std::string text = read_fixture(name);
  doc.Parse(text.c_str(), text.size());
  FixtureRequest out;
  if (doc.HasParseError() || !doc.IsObject()) return out;
  out.method = doc["method"].GetString();
  out.host = doc["host"].GetString();
  for (const auto& m : doc["params"].GetObject()) out.params.emplace_back(m.name.GetString(), m.value.GetString());
  return out;
}

/// A SUCCEEDED sprite task of two pages and a vtt, or a time-point task with two images.
inline tasks::TaskRecord finished_record(bool sprite) {
  tasks::TaskRecord r;
  r.spec.api = "tencent_vod";
  r.spec.app_id = kSecretId;
  r.spec.vendor = "tencent";
  r.spec.source_id = "14508071098244929440";
  r.status = tasks::TaskStatus::kSucceeded;
  r.created_ms = 1'700'000'000'000;
  r.started_ms = 1'700'000'001'000;
  r.finished_ms = 1'700'000'005'500;
  if (sprite) {
    r.id = "CreateImageSprite-1edb7eb88a599d05abe451cfc541cfbd";
    r.spec.type = "CreateImageSprite";
    r.spec.extra = R"({"definition":10})";
    r.outputs = {{"imageSprite_10_1.jpg", "sprite", 0, 1420, 800},
                 {"imageSprite_10_2.jpg", "sprite", 0, 1420, 800},
                 {"imageSprite_10.vtt", "vtt", 0, 0, 0}};
  } else {
    r.id = "CreateSnapshotByTimeOffset-2f0c3a1b9d8e7f6a5b4c3d2e1f0a9b8c";
    r.spec.type = "CreateSnapshotByTimeOffset";
    r.spec.extra = R"({"definition":20})";
    r.outputs = {{"timeOffsetSnapshot_20_1000.jpg", "image", 1000, 500, 282},
                 {"timeOffsetSnapshot_20_20000.jpg", "image", 20000, 500, 282}};
  }
  return r;
}

}  // namespace tg::adapters::tencent_vod::testing
