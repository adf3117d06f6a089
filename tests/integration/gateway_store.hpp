#pragma once
// The task store a test's server uses, opened beside it: SQLite at <data_dir>/thumbgate.db, or under the
// cluster label the PostgreSQL schema of that data folder (tests/support/cluster_mode.hpp).

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "support/cluster_mode.hpp"
#include "tasks/postgres/pg_task_store.hpp"
#include "tasks/sqlite_task_store.hpp"

namespace tg::testing {

class GatewayStore {
 public:
  /// Opens it; on failure the test fails and the answer is empty (false).
  static GatewayStore open(const std::string& data_dir) {
    GatewayStore store;
    if (cluster_mode()) {
      auto opened = tasks::PgTaskStore::open(cluster_database_url(data_dir), tasks::PgTaskStore::Options{});
      if (!opened) {
        ADD_FAILURE() << "cannot open the task database: " << opened.error().message;
        return store;
      }
      store.keep(std::shared_ptr<tasks::PgTaskStore>(std::move(*opened)));
    } else {
      auto opened = tasks::SqliteTaskStore::open(data_dir + "/thumbgate.db");
      if (!opened) {
        ADD_FAILURE() << "cannot open the task database: " << opened.error().message;
        return store;
      }
      store.keep(std::shared_ptr<tasks::SqliteTaskStore>(std::move(*opened)));
    }
    return store;
  }

  explicit operator bool() const { return tasks_ != nullptr; }
  tasks::TaskStore* operator->() const { return tasks_; }
  tasks::TaskStore& tasks() const { return *tasks_; }
  tasks::CallbackOutbox& outbox() const { return *outbox_; }

 private:
  template <class Store>
  void keep(std::shared_ptr<Store> store) {
    tasks_ = store.get();
    outbox_ = store.get();
    owner_ = std::move(store);
  }

  std::shared_ptr<void> owner_;
  tasks::TaskStore* tasks_ = nullptr;
  tasks::CallbackOutbox* outbox_ = nullptr;
};

}  // namespace tg::testing
