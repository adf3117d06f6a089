#pragma once
// The statements SqliteTaskStore shares with this store (tasks/fair_claim_sql.hpp), in PostgreSQL's words.

#include <string>
#include <string_view>
#include <vector>

namespace tg::tasks {

/// `sql` written for SQLite with ?N placeholders and LIKE, for PostgreSQL: $N placeholders, and ILIKE for
/// LIKE (SQLite's LIKE ignores the case of ASCII letters, PostgreSQL's does not).
std::string postgres_sql(std::string_view sql);

/// `values` as one PostgreSQL array literal, for a text parameter cast to text[] ($1::text[]): every element
/// quoted, `"` and `\` escaped. A statement that takes a batch's values as arrays (unnest) has one text
/// whatever the batch's size, so it is prepared once.
std::string text_array(const std::vector<std::string>& values);

}  // namespace tg::tasks
