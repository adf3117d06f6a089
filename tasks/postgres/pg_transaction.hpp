#pragma once
// A transaction on one PostgreSQL connection: BEGIN now, COMMIT by commit(), ROLLBACK when it goes
// without one (any early return).

#include "tasks/postgres/pg_connection.hpp"

namespace tg::tasks {

class PgTransaction {
 public:
  explicit PgTransaction(PgConnection& conn) : conn_(conn) {}
  ~PgTransaction() {
    if (open_ && !conn_.broken()) (void)conn_.exec("ROLLBACK");
  }
  PgTransaction(const PgTransaction&) = delete;
  PgTransaction& operator=(const PgTransaction&) = delete;

  StoreResult<bool> begin() {
    TG_TRY(conn_.exec("BEGIN"));
    open_ = true;
    return true;
  }
  StoreResult<bool> commit() {
    open_ = false;
    TG_TRY(conn_.exec("COMMIT"));
    return true;
  }

 private:
  PgConnection& conn_;
  bool open_ = false;
};

}  // namespace tg::tasks
