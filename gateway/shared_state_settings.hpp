#pragma once
// Where the state that several gateway processes can share lives: the task table (`database`), the rate
// limits and nonces (`redis`), and finished tasks' files (`outputs_dir`). The embedded default keeps all
// of it in this process and its data folder.

#include <string>

#include <rapidjson/document.h>

#include "core/result.hpp"

namespace tg::gateway {

struct SharedStateSettings {
  // Empty = SQLite at data_dir/thumbgate.db; a path = SQLite there; postgresql://… (or postgres://…) = a
  // PostgreSQL database that several gateway processes share.
  std::string database;
  // redis://[user:password@]host[:port][/db]: rate limits and nonces shared by every process using it.
  // Empty = kept in this process (right for one process; refused with a PostgreSQL database).
  std::string redis;
  std::string redis_key_prefix;  // in every key the gateway writes in Redis, after "thumbgate:rl:" or "thumbgate:nonce:"
  // Finished tasks' files; empty = data_dir/outputs. Processes sharing a database mount the same folder here.
  std::string outputs_dir;

  bool database_is_postgres() const;
};

/// Reads the four fields from the config's root object (absent ones keep their defaults) and checks that
/// they fit together. Errors name the field and never repeat a URL (it may hold a password).
tg::Result<SharedStateSettings, std::string> read_shared_state_settings(const rapidjson::Value& root);

/// `url` without its password (and query), for logs and the start-up line: scheme://user@host:port/path.
std::string url_without_secrets(const std::string& url);

}  // namespace tg::gateway
