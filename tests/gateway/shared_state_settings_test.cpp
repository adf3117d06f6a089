// `database`, `redis`, `redis_key_prefix` and `outputs_dir`: what the gateway accepts, what it refuses and
// how it says so without repeating a password.

#include <gtest/gtest.h>

#include "gateway/config.hpp"
#include "gateway/state_stores.hpp"

namespace tg::gateway {
namespace {

std::string error_of(const std::string& json) {
  auto parsed = parse_config(json);
  return parsed ? std::string() : parsed.error();
}

TEST(SharedStateSettings, DefaultsKeepEverythingInTheDataFolder) {
  auto config = parse_config(R"({"data_dir":"/srv/tg"})");
  ASSERT_TRUE(config) << config.error();
  EXPECT_FALSE(config->shared.database_is_postgres());
  EXPECT_EQ(database_path(*config), "/srv/tg/thumbgate.db");
  EXPECT_EQ(outputs_path(*config), "/srv/tg/outputs");
  EXPECT_EQ(config->shared.redis, "");
  EXPECT_EQ(config->shared.redis_key_prefix, "");
}

TEST(SharedStateSettings, APathIsASqliteFileAndOutputsMayLiveElsewhere) {
  auto config = parse_config(R"({"data_dir":"/srv/tg","database":"/var/lib/tg/tasks.db","outputs_dir":"/mnt/shared/out"})");
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(database_path(*config), "/var/lib/tg/tasks.db");
  EXPECT_EQ(outputs_path(*config), "/mnt/shared/out");
}

TEST(SharedStateSettings, PostgresqlNeedsRedisAndTheRefusalSaysWhy) {
  const std::string error = error_of(R"({"database":"postgresql://tg:s3cr3tpw@db.internal:5432/tg"})");
  EXPECT_EQ(error.rfind("redis: required with a PostgreSQL database", 0), 0u) << error;
  EXPECT_NE(error.find("rate limits and nonces"), std::string::npos) << error;
  EXPECT_EQ(error.find("s3cr3tpw"), std::string::npos) << error;

  auto config = parse_config(R"({"database":"postgres://tg:pw@db/tg","redis":"redis://default:pw@cache:6379/2"})");
  ASSERT_TRUE(config) << config.error();
  EXPECT_TRUE(config->shared.database_is_postgres());
  EXPECT_EQ(database_path(*config), "");
}

TEST(SharedStateSettings, OtherSchemesAndMalformedUrlsAreRefusedWithoutEchoingThem) {
  for (std::string database : {"mysql://u:topsecret@h/db", "postgresql://", "postgresql:///tg",
                                      "postgresql://u:topsecret@:5432/db", "file://topsecret"}) {
    const std::string error = error_of(R"({"database":")" + database + R"(","redis":"redis://h"})");
    EXPECT_EQ(error.rfind("database: ", 0), 0u) << database << " -> " << error;
    EXPECT_EQ(error.find("topsecret"), std::string::npos) << error;
  }
  for (std::string redis : {"http://h:6379", "redis://", "redis://:topsecret@", "rediss://h:6380",
                                   "redis://h x", "redis:/h"}) {
    const std::string error = error_of(R"({"redis":")" + redis + R"("})");
    EXPECT_EQ(error.rfind("redis: ", 0), 0u) << redis << " -> " << error;
    EXPECT_EQ(error.find("topsecret"), std::string::npos) << error;
  }
  EXPECT_NE(error_of(R"({"database":"/a\u0001b"})").find("database: "), std::string::npos);
  EXPECT_NE(error_of(R"({"redis_key_prefix":"a b"})").find("redis_key_prefix: "), std::string::npos);
  EXPECT_NE(error_of(R"({"redis_key_prefix":")" + std::string(65, 'x') + R"("})").find("redis_key_prefix: "),
            std::string::npos);
  EXPECT_NE(error_of(R"({"database":5})").find("database: must be a string"), std::string::npos);
}

TEST(SharedStateSettings, UrlsAreShownWithoutPasswordOrQuery) {
  EXPECT_EQ(url_without_secrets("postgresql://tg:pw@db.internal:5432/tg?sslmode=require&password=x"),
            "postgresql://tg@db.internal:5432/tg");
  EXPECT_EQ(url_without_secrets("redis://default:pw@cache:6379/2"), "redis://default@cache:6379/2");
  EXPECT_EQ(url_without_secrets("redis://:pw@cache"), "redis://cache");
  EXPECT_EQ(url_without_secrets("redis://cache:6379"), "redis://cache:6379");
  EXPECT_EQ(url_without_secrets("postgresql://a:b@c@host/db"), "postgresql://a@host/db");
  EXPECT_EQ(url_without_secrets("redis://u:WRONG/topsecret@cache:6379"), "redis://u@cache:6379");
  EXPECT_EQ(url_without_secrets("postgresql://u:WRONG/topsecret@db/tg"), "postgresql://u@db/tg");
}

TEST(SharedStateSettings, AnAtOrSlashInAPasswordMustBePercentEncoded) {
  for (std::string database : {"postgresql://u:WRONG/topsecret@db/tg", "postgresql://u:WRONG@topsecret@db/tg"}) {
    const std::string error = error_of(R"({"database":")" + database + R"(","redis":"redis://h"})");
    EXPECT_EQ(error.rfind("database: write a", 0), 0u) << database << " -> " << error;
    EXPECT_EQ(error.find("topsecret"), std::string::npos) << error;
  }
  for (std::string redis : {"redis://u:WRONG/topsecret@cache:6379", "redis://u:a@topsecret@cache"}) {
    const std::string error = error_of(R"({"redis":")" + redis + R"("})");
    EXPECT_EQ(error.rfind("redis: write a", 0), 0u) << redis << " -> " << error;
    EXPECT_EQ(error.find("topsecret"), std::string::npos) << error;
  }
  auto encoded = parse_config(R"({"database":"postgresql://u:a%2Fb%40c@db/tg","redis":"redis://u:a%2Fb@cache"})");
  EXPECT_TRUE(encoded) << encoded.error();
}

TEST(SharedStateSettings, AConnectionStringIsRefusedNotTakenForAFileName) {
  for (std::string database : {"host=127.0.0.1 port=1 user=tg password=topsecret", "dbname=tg password=topsecret",
                               "user=tg host=db"}) {
    const std::string error = error_of(R"({"database":")" + database + R"("})");
    EXPECT_NE(error.find("postgresql:// URL"), std::string::npos) << database << " -> " << error;
    EXPECT_EQ(error.find("topsecret"), std::string::npos) << error;
  }
  EXPECT_TRUE(parse_config(R"({"database":"/var/lib/thumbgate/tasks=2.db"})"));
}

}  // namespace
}  // namespace tg::gateway
