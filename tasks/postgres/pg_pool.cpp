#include "tasks/postgres/pg_pool.hpp"

#include <algorithm>

namespace tg::tasks {

PgPool::Lease::~Lease() {
  if (pool_ != nullptr && conn_) pool_->give_back(std::move(conn_));
}

StoreResult<std::unique_ptr<PgPool>> PgPool::open(const std::string& url, Options options) {
  options.size = std::max(options.size, 1);
  std::unique_ptr<PgPool> pool(new PgPool(url, options));
  TG_TRY_ASSIGN(std::unique_ptr<PgConnection> first, PgConnection::connect(url, options.connect_timeout_s));
  first->set_answer_timeout(options.answer_timeout);
  pool->idle_.push_back(std::move(first));
  pool->open_ = 1;
  return pool;
}

StoreResult<PgPool::Lease> PgPool::acquire() {
  {
    const auto deadline = std::chrono::steady_clock::now() + options_.answer_timeout;
    std::unique_lock lock(mutex_);
    for (;;) {
      while (!idle_.empty()) {
        std::unique_ptr<PgConnection> conn = std::move(idle_.back());
        idle_.pop_back();
        if (!conn->broken()) return Lease(this, std::move(conn));
        --open_;  // lost while idle: closed here, replaced below
      }
      if (open_ < options_.size) break;
      if (returned_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() && open_ >= options_.size) {
        return tg::unexpected(StoreError{"every database connection stayed in use for " +
                                         std::to_string(options_.answer_timeout.count()) + " ms"});
      }
    }
    ++open_;  // a slot for the connection made below, outside the lock
  }
  auto conn = PgConnection::connect(url_, options_.connect_timeout_s);
  if (!conn) {
    std::lock_guard lock(mutex_);
    --open_;
    returned_.notify_one();
    return tg::unexpected(conn.error());
  }
  (*conn)->set_answer_timeout(options_.answer_timeout);
  return Lease(this, std::move(*conn));
}

void PgPool::give_back(std::unique_ptr<PgConnection> conn) {
  std::lock_guard lock(mutex_);
  // Lost, or left inside a transaction (its rollback failed): closed as it goes; the next acquire() opens
  // a new one.
  if (conn->broken() || PQtransactionStatus(conn->native()) != PQTRANS_IDLE) {
    --open_;
  } else {
    idle_.push_back(std::move(conn));
  }
  returned_.notify_one();
}

int PgPool::open_connections() {
  std::lock_guard lock(mutex_);
  return open_;
}

}  // namespace tg::tasks
