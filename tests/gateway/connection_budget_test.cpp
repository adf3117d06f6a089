// The connection cap leaves the workers, snapshot threads and hot inputs their descriptors.

#include "gateway/connection_budget.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include "gateway/vendor_sections.hpp"

namespace tg::gateway {
namespace {

using namespace tg::gateway::testing;

TEST(ConnectionBudget, DerivedCapIsHalfOfWhatTheReserveLeaves) {
  const adapters::VendorList vendors = adapters::standard_vendors();
  Config config = default_config(vendors);
  config.workers = 1;
  cos_of(config).engine_threads = 2;
  cos_of(config).hot_inputs = 16;
  EXPECT_EQ(reserved_descriptors(config, vendors), 64u + 8u * 3u + 16u);
  EXPECT_EQ(connection_cap(128, config, vendors), 12u);
  EXPECT_EQ(connection_cap(1024, config, vendors), (1024u - 104u) / 2u);
  EXPECT_EQ(connection_cap(64, config, vendors), 1u);            // less than the reserve: one at a time
  EXPECT_EQ(connection_cap(1u << 20, config, vendors), 10000u);  // at most 10000 without a configured cap
  config.max_connections = 50000;
  EXPECT_EQ(connection_cap(128, config, vendors), 50000u);  // a configured cap is taken as it is
}

TEST(ConnectionBudget, SoftOpenFileLimitIsRaisedToTheHardOne) {
  rlimit before{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &before), 0);
  rlimit lowered = before;
  lowered.rlim_cur = std::min<rlim_t>(before.rlim_max, 256);
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &lowered), 0);
  const uint64_t now = raise_open_file_limit();
  rlimit after{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &after), 0);
  EXPECT_EQ(after.rlim_cur, before.rlim_max);
  EXPECT_EQ(now, before.rlim_max == RLIM_INFINITY ? UINT64_MAX : static_cast<uint64_t>(before.rlim_max));
  setrlimit(RLIMIT_NOFILE, &before);
}

TEST(ConnectionBudget, ConfigFieldsAreRead) {
  auto config = parse_config(R"({"max_connections":300,"header_timeout_ms":2500})");
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->max_connections, 300);
  EXPECT_EQ(config->header_timeout_ms, 2500);
  auto bad = parse_config(R"({"header_timeout_ms":5})");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().find("header_timeout_ms: must be an integer 100..600000"), std::string::npos) << bad.error();
  auto negative = parse_config(R"({"max_connections":-1})");
  ASSERT_FALSE(negative);
}

}  // namespace
}  // namespace tg::gateway
