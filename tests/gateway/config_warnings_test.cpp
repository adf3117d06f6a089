#include "gateway/config_warnings.hpp"

#include <gtest/gtest.h>

#include <string>

namespace tg::gateway {
namespace {

std::vector<ConfigWarning> warnings_of(const std::string& json) {
  auto config = parse_config(json, adapters::standard_vendors());
  EXPECT_TRUE(config) << (config ? "" : config.error());
  return config ? config_warnings(*config) : std::vector<ConfigWarning>{};
}

std::vector<std::string> fields(const std::vector<ConfigWarning>& warnings) {
  std::vector<std::string> out;
  for (const ConfigWarning& warning : warnings) out.push_back(warning.field);
  return out;
}

TEST(ConfigWarnings, NoneForTheEmbeddedDefaults) {
  EXPECT_TRUE(config_warnings(default_config(adapters::standard_vendors())).empty());
  EXPECT_TRUE(warnings_of("{}").empty());
}

TEST(ConfigWarnings, AnUnspecifiedListenAddressNeedsAPublicBaseUrl) {
  EXPECT_EQ(fields(warnings_of(R"({"listen":"0.0.0.0:8080"})")), std::vector<std::string>{"public_base_url"});
  EXPECT_EQ(fields(warnings_of(R"({"listen":"[::]:8080"})")), std::vector<std::string>{"public_base_url"});
  EXPECT_TRUE(warnings_of(R"({"listen":"0.0.0.0:8080","public_base_url":"https://thumbs.example.com"})").empty());
}

TEST(ConfigWarnings, OutboundNetworksThatReachThisMachineOrTheMetadataService) {
  auto loopback = warnings_of(R"({"outbound":{"allow_networks":["127.0.0.1"]}})");
  ASSERT_EQ(fields(loopback), std::vector<std::string>{"outbound.allow_networks"});
  EXPECT_NE(loopback[0].message.find("loopback"), std::string::npos);
  auto metadata = warnings_of(R"({"outbound":{"allow_networks":["169.254.0.0/16"]}})");
  ASSERT_EQ(fields(metadata), std::vector<std::string>{"outbound.allow_networks"});
  EXPECT_NE(metadata[0].message.find("metadata"), std::string::npos);
  EXPECT_TRUE(warnings_of(R"({"outbound":{"allow_networks":["10.0.0.0/8"]}})").empty());
}

TEST(ConfigWarnings, AConsoleReachableFromOtherMachines) {
  EXPECT_EQ(fields(warnings_of(R"({"listen":"192.0.2.10:8080","admin":{"allow_remote":true}})")),
            std::vector<std::string>{"admin.allow_remote"});
  // On loopback, allow_remote opens nothing more.
  EXPECT_TRUE(warnings_of(R"({"admin":{"allow_remote":true}})").empty());
  EXPECT_EQ(fields(warnings_of(R"({"admin":{"listen":"192.0.2.10:9090"}})")), std::vector<std::string>{"admin.listen"});
  EXPECT_TRUE(warnings_of(R"({"admin":{"listen":"127.0.0.1:9090"}})").empty());
  EXPECT_TRUE(warnings_of(R"({"admin":{"listen":"localhost:9090"}})").empty());
}

TEST(ConfigWarnings, KeepingTasksForever) {
  EXPECT_EQ(fields(warnings_of(R"({"retention_hours":0})")), std::vector<std::string>{"retention_hours"});
}

}  // namespace
}  // namespace tg::gateway
