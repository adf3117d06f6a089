#pragma once
// A small bounded pool of PostgreSQL connections. acquire() hands one out (waiting while all are in use, at
// most the answer timeout);
// the lease gives it back when it goes. A connection found broken (lost, or a statement failed because
// the connection did) is closed and replaced by a new one on a later acquire(). Thread-safe.

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "tasks/postgres/pg_connection.hpp"

namespace tg::tasks {

class PgPool {
 public:
  struct Options {
    int size = 8;               // connections at most
    int connect_timeout_s = 5;  // per connection attempt
    // Each statement's wait for its answer (PgConnection::set_answer_timeout), and acquire()'s wait for a
    // connection when all are in use.
    std::chrono::milliseconds answer_timeout = PgConnection::kDefaultAnswerTimeout;
  };

  /// One connection, used by one thread until the lease goes.
  class Lease {
   public:
    Lease(PgPool* pool, std::unique_ptr<PgConnection> conn) : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    PgConnection& operator*() const { return *conn_; }
    PgConnection* operator->() const { return conn_.get(); }

   private:
    PgPool* pool_;
    std::unique_ptr<PgConnection> conn_;
  };

  /// A pool on `url`, opening one connection now to show the database is reachable.
  static StoreResult<std::unique_ptr<PgPool>> open(const std::string& url, Options options);

  StoreResult<Lease> acquire();
  /// Connections open now (idle and in use), for tests.
  int open_connections();

 private:
  PgPool(std::string url, Options options) : url_(std::move(url)), options_(options) {}
  void give_back(std::unique_ptr<PgConnection> conn);

  const std::string url_;
  const Options options_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
  int open_ = 0;  // idle + in use + being connected
};

}  // namespace tg::tasks
