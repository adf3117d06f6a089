#pragma once
// The PostgreSQL schema: schemas/sql/postgres/NNNN_name.sql compiled in (tasks/embed_sql.cmake), applied
// in order, each version recorded in schema_migrations. The whole run holds a transaction-level advisory
// lock (one per schema), so that processes starting at once apply each migration once.

#include <vector>

#include "tasks/embedded_migrations.hpp"
#include "tasks/postgres/pg_connection.hpp"

namespace tg::tasks {

/// Every embedded PostgreSQL migration, ascending by version.
const std::vector<Migration>& embedded_pg_migrations();

/// Applies the migrations newer than the schema's version in one transaction; returns the version reached.
/// A schema newer than the newest migration is an error.
StoreResult<int> apply_pg_migrations(PgConnection& conn, const std::vector<Migration>& migrations);

/// The schema's version (0 before any migration).
StoreResult<int> pg_schema_version(PgConnection& conn);

}  // namespace tg::tasks
