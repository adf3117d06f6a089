#pragma once
// The SQL migrations compiled into the binary from schemas/sql/NNNN_name.sql (see embed_sql.cmake).

#include <string_view>
#include <vector>

namespace tg::tasks {

struct Migration {
  int version = 0;         // NNNN of the file name; applied in ascending order
  std::string_view name;   // the file name, for error messages
  std::string_view sql;    // one or more statements
};

/// Every embedded migration, ascending by version.
const std::vector<Migration>& embedded_migrations();

}  // namespace tg::tasks
