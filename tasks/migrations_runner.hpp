#pragma once
// Brings a database up to the newest schema: each migration above PRAGMA user_version runs in its own
// transaction together with the user_version bump.

#include <vector>

#include "core/result.hpp"
#include "tasks/embedded_migrations.hpp"
#include "tasks/sqlite_database.hpp"

namespace tg::tasks {

/// Applies `migrations` (ascending versions) above the database's user_version; returns the version
/// reached. A database newer than the last migration is an error (an older binary must not use it).
tg::Result<int, std::string> apply_migrations(SqliteDatabase& db, const std::vector<Migration>& migrations);

/// The database's PRAGMA user_version.
tg::Result<int, std::string> schema_version(SqliteDatabase& db);

}  // namespace tg::tasks
