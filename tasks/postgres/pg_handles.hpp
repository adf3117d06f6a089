#pragma once
// Owning handles for libpq's connection, result and notification objects.

#include <libpq-fe.h>

#include <memory>

namespace tg::tasks {

struct PgConnDeleter {
  void operator()(PGconn* conn) const noexcept {
    if (conn != nullptr) PQfinish(conn);
  }
};

struct PgResultDeleter {
  void operator()(PGresult* result) const noexcept {
    if (result != nullptr) PQclear(result);
  }
};

struct PgNotifyDeleter {
  void operator()(PGnotify* notify) const noexcept {
    if (notify != nullptr) PQfreemem(notify);
  }
};

using PgConnPtr = std::unique_ptr<PGconn, PgConnDeleter>;
using PgResultPtr = std::unique_ptr<PGresult, PgResultDeleter>;
using PgNotifyPtr = std::unique_ptr<PGnotify, PgNotifyDeleter>;

}  // namespace tg::tasks
