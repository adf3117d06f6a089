#include "tasks/migrations_runner.hpp"

#include <string>

namespace tg::tasks {

tg::Result<int, std::string> schema_version(SqliteDatabase& db) {
  auto prepared = db.prepare("PRAGMA user_version");
  if (!prepared) return tg::unexpected(prepared.error());
  Statement stmt(*prepared);
  if (stmt.step() != Statement::Step::kRow) return tg::unexpected("PRAGMA user_version: " + stmt.error());
  return stmt.integer(0);
}

tg::Result<int, std::string> apply_migrations(SqliteDatabase& db, const std::vector<Migration>& migrations) {
  int last_known = 0;
  for (const Migration& migration : migrations) {
    if (migration.version <= last_known) {
      return tg::unexpected("migrations out of order at " + std::string(migration.name));
    }
    last_known = migration.version;
  }
  auto current = schema_version(db);
  if (!current) return tg::unexpected(current.error());
  if (*current > last_known) {
    return tg::unexpected("database schema version " + std::to_string(*current) +
                          " is newer than this program knows (" + std::to_string(last_known) + ")");
  }
  int version = *current;
  for (const Migration& migration : migrations) {
    if (migration.version <= version) continue;
    WriteTransaction txn(db);
    auto begun = txn.begin();
    if (!begun) return tg::unexpected(begun.error());
    // Another process may have migrated between our read and the write lock.
    auto now_version = schema_version(db);
    if (!now_version) return tg::unexpected(now_version.error());
    if (*now_version >= migration.version) {
      version = *now_version;
      continue;
    }
    auto applied = db.exec(migration.sql);
    if (!applied) return tg::unexpected(std::string(migration.name) + ": " + applied.error());
    auto bumped = db.exec("PRAGMA user_version = " + std::to_string(migration.version));
    if (!bumped) return tg::unexpected(std::string(migration.name) + ": " + bumped.error());
    auto committed = txn.commit();
    if (!committed) return tg::unexpected(std::string(migration.name) + ": " + committed.error());
    version = migration.version;
  }
  return version;
}

}  // namespace tg::tasks
