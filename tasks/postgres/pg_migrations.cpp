#include "tasks/postgres/pg_migrations.hpp"

#include <string>

#include "tasks/postgres/pg_lock_keys.hpp"
#include "tasks/postgres/pg_transaction.hpp"

namespace tg::tasks {
namespace {

constexpr const char* kVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
    "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())";

}  // namespace

StoreResult<int> pg_schema_version(PgConnection& conn) {
  TG_TRY_ASSIGN(PgRows exists, conn.exec("SELECT to_regclass('schema_migrations') IS NOT NULL"));
  if (exists.text(0, 0) != "t") return 0;
  TG_TRY_ASSIGN(PgRows rows, conn.exec("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  return rows.integer(0, 0);
}

StoreResult<int> apply_pg_migrations(PgConnection& conn, const std::vector<Migration>& migrations) {
  int last_known = 0;
  for (const Migration& migration : migrations) {
    if (migration.version <= last_known) {
      return tg::unexpected(StoreError{"migrations out of order at " + std::string(migration.name)});
    }
    last_known = migration.version;
  }
  PgTransaction txn(conn);
  TG_TRY(txn.begin());
  // Held to the commit: a process starting meanwhile waits here, then finds the work done.
  TG_TRY(conn.exec("SELECT pg_advisory_xact_lock($1::int, " + std::string(pg_lock::kSchemaKeySql) + ")",
                   {static_cast<int64_t>(pg_lock::kMigrations)}));
  TG_TRY(conn.exec(kVersionTable));
  TG_TRY_ASSIGN(int version, pg_schema_version(conn));
  if (version > last_known) {
    return tg::unexpected(StoreError{"database schema version " + std::to_string(version) +
                                     " is newer than this program knows (" + std::to_string(last_known) + ")"});
  }
  for (const Migration& migration : migrations) {
    if (migration.version <= version) continue;
    auto applied = conn.exec_script(std::string(migration.sql));
    if (!applied) return tg::unexpected(StoreError{std::string(migration.name) + ": " + applied.error().message});
    TG_TRY(conn.exec("INSERT INTO schema_migrations (version, name) VALUES ($1::int, $2)",
                     {static_cast<int64_t>(migration.version), std::string(migration.name)}));
    version = migration.version;
  }
  TG_TRY(txn.commit());
  return version;
}

}  // namespace tg::tasks
