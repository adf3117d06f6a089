// The top-level resource fields: defaults, values read, and values refused with the field's path.

#include <gtest/gtest.h>

#include "gateway/config.hpp"

namespace tg::gateway {
namespace {

TEST(ConfigResources, DefaultsAndValuesRead) {
  const Config defaults = default_config(adapters::standard_vendors());
  EXPECT_EQ(defaults.shutdown_grace_ms, 20000);
  EXPECT_EQ(defaults.retention_hours, 168);
  EXPECT_EQ(defaults.max_images_per_task, 1000);
  EXPECT_EQ(defaults.max_remote_workers, 0);
  EXPECT_EQ(defaults.max_output_bytes_per_task, int64_t{1} << 30);
  auto config = parse_config(R"({"shutdown_grace_ms":0,"retention_hours":0,"max_remote_workers":3})");
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->max_remote_workers, 3);
  EXPECT_EQ(config->shutdown_grace_ms, 0);
  EXPECT_EQ(config->retention_hours, 0);
}

TEST(ConfigResources, OutOfRangeValuesNameTheirField) {
  for (const auto& [json, expected] : std::vector<std::pair<std::string, std::string>>{
           {R"({"shutdown_grace_ms":-1})", "shutdown_grace_ms: must be an integer 0..600000"},
           {R"({"retention_hours":1.5})", "retention_hours: must be an integer 0..87600"},
           {R"({"retention_hours":"168"})", "retention_hours: must be an integer"},
           {R"({"max_remote_workers":65})", "max_remote_workers: must be an integer 0..64"},
           {R"({"max_images_per_task":0})", "max_images_per_task: must be an integer 1..1000000"},
           {R"({"max_output_bytes_per_task":1000})", "max_output_bytes_per_task: must be an integer 1048576.."}}) {
    auto config = parse_config(json);
    ASSERT_FALSE(config) << json;
    EXPECT_NE(config.error().find(expected), std::string::npos) << config.error();
  }
}

}  // namespace
}  // namespace tg::gateway
