#pragma once
// The integration suite runs twice: on the embedded defaults (SQLite, limits and nonces in the process), and
// under the ctest label `cluster` (env THUMBGATE_TEST_STORE=postgres) with every server it starts pointed at
// the PostgreSQL and Redis that scripts/services.sh started (THUMBGATE_TEST_POSTGRES, THUMBGATE_TEST_REDIS).
// Each data folder gets a PostgreSQL schema and a Redis key prefix of its own, so tests run side by side.

#include <string>

namespace tg::testing {

/// True under the `cluster` label.
bool cluster_mode();

/// THUMBGATE_TEST_POSTGRES / THUMBGATE_TEST_REDIS; empty when unset.
std::string postgres_test_url();
std::string redis_test_url();

/// A URL of the PostgreSQL test database whose search_path is a schema of the data folder's own; the
/// schema is dropped and created empty the first time this test process asks for that folder, and kept
/// for later calls (a restarted server finds its tasks). Fails the test (empty answer) without PostgreSQL.
std::string cluster_database_url(const std::string& data_dir);

/// The Redis key prefix of the data folder's own.
std::string cluster_redis_prefix(const std::string& data_dir);

/// In cluster mode: adds "database", "redis" and "redis_key_prefix" to the JSON config at `config_path`
/// unless it is no JSON object or already names a database. `cwd` resolves a relative data_dir.
void point_config_at_cluster(const std::string& config_path, const std::string& cwd);

}  // namespace tg::testing
