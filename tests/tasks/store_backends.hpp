#pragma once
// The stores the store tests run against, as a typed-test parameter: SQLite always, PostgreSQL when the
// environment names a server (THUMBGATE_TEST_POSTGRES, a postgresql:// URL). Without it the PostgreSQL
// tests are skipped, unless CI is set: then they fail (CI always provides one). Each PostgreSQL test works in
// a schema of its own (random name, dropped after it), so tests run in parallel on one database.
//
//   template <class Backend> class MySuite : public testing::StoreTest<Backend> {};
//   TYPED_TEST_SUITE(MySuite, testing::StoreBackends, testing::StoreBackendNames);
//   TYPED_TEST(MySuite, Something) { auto store = this->open(); ... }

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <random>
#include <string>

#include "task_test_support.hpp"
#include "tasks/postgres/pg_connection.hpp"
#include "tasks/postgres/pg_task_store.hpp"

namespace tg::tasks::testing {

/// The PostgreSQL server of the tests into `url`, or "" (then the test is skipped, or failed under CI).
inline void postgres_test_url(std::string& url) {
  const char* given = std::getenv("THUMBGATE_TEST_POSTGRES");
  url = given != nullptr ? given : "";
  if (!url.empty()) return;
  const char* ci = std::getenv("CI");
  if (ci != nullptr && *ci != '\0') {
    GTEST_FAIL() << "CI is set but THUMBGATE_TEST_POSTGRES is not: the PostgreSQL store tests need a server";
  }
  GTEST_SKIP() << "THUMBGATE_TEST_POSTGRES is not set (a postgresql:// URL): PostgreSQL store tests skipped";
}

/// `url` with `options` (already percent-encoded) added to its query.
inline std::string with_url_option(const std::string& url, const std::string& option) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + option;
}

/// A schema of its own on the test server, dropped when this goes.
class PostgresTestSchema {
 public:
  /// Creates it; false (with the test skipped or failed) when there is no server.
  bool create() {
    postgres_test_url(base_url_);
    if (base_url_.empty()) return false;
    std::random_device random;
    name_ = "tg_test_" + std::to_string(random()) + "_" + std::to_string(random());
    auto admin = PgConnection::connect(base_url_, 10);
    if (!admin) {
      ADD_FAILURE() << admin.error().message;
      return false;
    }
    auto created = (*admin)->exec("CREATE SCHEMA " + name_);
    if (!created) {
      ADD_FAILURE() << created.error().message;
      return false;
    }
    // Named after the schema too, so that a test can find its connections in pg_stat_activity.
    url_ = with_url_option(with_url_option(base_url_, "options=-csearch_path%3D" + name_), "application_name=" + name_);
    return true;
  }
  ~PostgresTestSchema() {
    if (name_.empty() || base_url_.empty()) return;
    if (auto admin = PgConnection::connect(base_url_, 10)) {
      auto dropped = (*admin)->exec("DROP SCHEMA " + name_ + " CASCADE");
      if (!dropped) ADD_FAILURE() << dropped.error().message;
    }
  }
  /// The server's URL with the schema as its search path.
  const std::string& url() const { return url_; }
  const std::string& base_url() const { return base_url_; }
  const std::string& name() const { return name_; }

 private:
  std::string base_url_;
  std::string url_;
  std::string name_;
};

struct SqliteBackend {
  using Store = SqliteTaskStore;
  static constexpr const char* kName = "Sqlite";
  bool set_up() {
    dir_ = fresh_dir();
    return true;
  }
  std::unique_ptr<Store> open() { return open_store(dir_); }

 private:
  std::string dir_;
};

struct PostgresBackend {
  using Store = PgTaskStore;
  static constexpr const char* kName = "Postgres";
  bool set_up() { return schema_.create(); }
  std::unique_ptr<Store> open(PgTaskStore::Options options = {}) {
    auto store = PgTaskStore::open(schema_.url(), options);
    if (!store) {
      ADD_FAILURE() << store.error().message;
      return nullptr;
    }
    return std::move(*store);
  }
  const PostgresTestSchema& schema() const { return schema_; }

 private:
  PostgresTestSchema schema_;
};

/// A fixture whose open() gives a store of Backend on a fresh database (every open() of one test: the same
/// database, as another process would open it).
template <class Backend>
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override { backend_.set_up(); }
  std::unique_ptr<typename Backend::Store> open() { return backend_.open(); }
  Backend backend_;
};

using StoreBackends = ::testing::Types<SqliteBackend, PostgresBackend>;

struct StoreBackendNames {
  template <class Backend>
  static std::string GetName(int) {
    return Backend::kName;
  }
};

}  // namespace tg::tasks::testing
