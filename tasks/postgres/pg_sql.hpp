#pragma once
// The statements SqliteTaskStore shares with this store (tasks/fair_claim_sql.hpp), in PostgreSQL's words.

#include <string>
#include <string_view>

namespace tg::tasks {

/// `sql` written for SQLite with ?N placeholders and LIKE, for PostgreSQL: $N placeholders, and ILIKE for
/// LIKE (SQLite's LIKE ignores the case of ASCII letters, PostgreSQL's does not).
std::string postgres_sql(std::string_view sql);

}  // namespace tg::tasks
