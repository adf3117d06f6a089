#include "support/cluster_mode.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "signing/digest.hpp"

namespace tg::testing {
namespace {

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

std::string folder_key(const std::string& data_dir) {
  return signing::sha1_hex(std::filesystem::absolute(data_dir).lexically_normal().string()).substr(0, 16);
}

struct ConnCloser {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct ResultClearer {
  void operator()(PGresult* r) const { PQclear(r); }
};

bool run_sql(PGconn* conn, const std::string& sql, std::string& error) {
  std::unique_ptr<PGresult, ResultClearer> result(PQexec(conn, sql.c_str()));
  if (PQresultStatus(result.get()) == PGRES_COMMAND_OK || PQresultStatus(result.get()) == PGRES_TUPLES_OK) return true;
  error = PQresultErrorMessage(result.get());
  return false;
}

}  // namespace

bool cluster_mode() { return env_or_empty("THUMBGATE_TEST_STORE") == "postgres"; }

std::string postgres_test_url() { return env_or_empty("THUMBGATE_TEST_POSTGRES"); }
std::string redis_test_url() { return env_or_empty("THUMBGATE_TEST_REDIS"); }

std::string cluster_database_url(const std::string& data_dir) {
  static std::mutex mutex;
  static std::set<std::string> prepared;
  const std::string base = postgres_test_url();
  if (base.empty()) {
    ADD_FAILURE() << "THUMBGATE_TEST_POSTGRES is not set (scripts/services.sh start DIR; source DIR/env)";
    return {};
  }
  const std::string schema = "t_" + folder_key(data_dir);
  std::lock_guard lock(mutex);
  if (!prepared.count(schema)) {
    std::unique_ptr<PGconn, ConnCloser> conn(PQconnectdb(base.c_str()));
    if (PQstatus(conn.get()) != CONNECTION_OK) {
      ADD_FAILURE() << "cannot reach the test PostgreSQL: " << PQerrorMessage(conn.get());
      return {};
    }
    std::string error;
    if (!run_sql(conn.get(), "SET client_min_messages = warning; DROP SCHEMA IF EXISTS " + schema +
                                 " CASCADE; CREATE SCHEMA " + schema,
                 error)) {
      ADD_FAILURE() << "cannot prepare the schema " << schema << ": " << error;
      return {};
    }
    prepared.insert(schema);
  }
  return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

std::string cluster_redis_prefix(const std::string& data_dir) {
  // Fresh for each test process, as the schema is: an earlier run's nonces and counts (still within their
  // windows) are not this run's.
  static std::mutex mutex;
  static std::map<std::string, std::string> prefixes;
  std::lock_guard lock(mutex);
  auto [it, added] = prefixes.try_emplace(folder_key(data_dir));
  if (added) {
    std::random_device random;
    it->second = "t" + it->first + "-" + std::to_string(random()) + ":";
  }
  return it->second;
}

void point_config_at_cluster(const std::string& config_path, const std::string& cwd) {
  if (!cluster_mode()) return;
  std::ifstream in(config_path);
  if (!in) return;
  std::stringstream text;
  text << in.rdbuf();
  rapidjson::Document doc;
  doc.Parse(text.str().c_str());
  if (doc.HasParseError() || !doc.IsObject() || doc.HasMember("database")) return;
  std::string data_dir = "./thumbgate-data";
  if (doc.HasMember("data_dir") && doc["data_dir"].IsString()) data_dir = doc["data_dir"].GetString();
  std::filesystem::path dir(data_dir);
  if (dir.is_relative()) dir = std::filesystem::path(cwd.empty() ? "." : cwd) / dir;
  const std::string database = cluster_database_url(dir.string());
  if (database.empty()) return;
  auto& alloc = doc.GetAllocator();
  doc.AddMember("database", rapidjson::Value(database.c_str(), alloc), alloc);
  doc.AddMember("redis", rapidjson::Value(redis_test_url().c_str(), alloc), alloc);
  doc.AddMember("redis_key_prefix", rapidjson::Value(cluster_redis_prefix(dir.string()).c_str(), alloc), alloc);
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> writer(out);
  doc.Accept(writer);
  std::ofstream(config_path, std::ios::trunc) << out.GetString();
}

}  // namespace tg::testing
