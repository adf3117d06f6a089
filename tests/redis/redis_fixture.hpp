#pragma once
// Tests against a real Redis: the URL comes from THUMBGATE_TEST_REDIS. Without it the test is skipped,
// unless CI is set, where it fails. Every test uses its own random key prefix, so tests run in parallel
// on one Redis.

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "core/random_id.hpp"
#include "redis/redis_client.hpp"

namespace tg::redis::testing {

class RedisFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("THUMBGATE_TEST_REDIS");
    if (url == nullptr || *url == '\0') {
      if (std::getenv("CI") != nullptr) {
        FAIL() << "THUMBGATE_TEST_REDIS is not set (scripts/services.sh starts a Redis and sets it)";
      }
      GTEST_SKIP() << "THUMBGATE_TEST_REDIS is not set: no Redis to test against";
    }
    url_ = url;
    prefix_ = "test:" + random_hex(8) + ":";
  }

  /// A client of the test Redis, as one gateway process would hold it.
  std::unique_ptr<RedisClient> client(RedisClient::Options options = {}) const {
    auto made = RedisClient::create(url_, options);
    EXPECT_TRUE(made) << made.error();
    return made ? std::move(*made) : nullptr;
  }

  std::string url_;
  std::string prefix_;
};

}  // namespace tg::redis::testing
