#pragma once
// The advisory locks the PostgreSQL store takes, as (class, key) pairs: the class below says what for, the
// key is the hash of the schema the connection works in, so that stores in different schemas of one database
// (tests, several deployments) do not exclude each other. A SQL expression for the key: kSchemaKeySql.

namespace tg::tasks::pg_lock {

inline constexpr int kMigrations = 0x74670001;  // applying migrations
inline constexpr int kEnqueue = 0x74670002;     // counting the queue and inserting under its limits
inline constexpr int kUpkeep = 0x74670003;      // leading the upkeep (held for a session)

/// The second half of every lock's key: the schema in use.
inline constexpr const char* kSchemaKeySql = "hashtext(COALESCE(current_schema(), ''))";

}  // namespace tg::tasks::pg_lock
