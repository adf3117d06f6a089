#pragma once
// One PostgreSQL connection: opened from a postgresql:// URL (libpq parses it) with a connect timeout,
// statements run with their values as parameters (never spliced into the SQL), errors as values. No error
// message carries the password or the URL: a connection is named postgresql://user@host:port/db at most.
//
// A statement is prepared on its connection the first time it runs there (parsed and planned once, not on
// every run), up to kMaxPrepared different texts per connection; later ones run unprepared. A statement the
// server no longer knows (a pooler in front of it switched server sessions, DEALLOCATE ALL) is prepared
// again: on its next run, or at once when no transaction was open.
//
// Every statement waits for its answer at most answer_timeout (kDefaultAnswerTimeout): a database that stops
// answering (hung, paused, a network that drops packets) costs a caller that long and an error, never a
// thread for good. The connection is closed then, since its state is unknown; a pool replaces it.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "tasks/postgres/pg_handles.hpp"
#include "tasks/store_result.hpp"

namespace tg::tasks {

/// A statement parameter: text, or a 64-bit integer (sent typed, so that comparisons are numeric).
using PgValue = std::variant<std::string, int64_t>;

/// The rows (or the affected count) of one statement.
class PgRows {
 public:
  explicit PgRows(PgResultPtr result) : result_(std::move(result)) {}

  int size() const;
  /// Rows an INSERT/UPDATE/DELETE changed.
  int64_t affected() const;
  std::string text(int row, int column) const;
  int64_t int64(int row, int column) const;
  int integer(int row, int column) const { return static_cast<int>(int64(row, column)); }

 private:
  PgResultPtr result_;
};

class PgConnection {
 public:
  /// Connects to `url` (postgresql://user:pass@host:port/db?...), waiting at most connect_timeout_s for the
  /// server (the URL's own connect_timeout wins).
  static StoreResult<std::unique_ptr<PgConnection>> connect(const std::string& url, int connect_timeout_s);

  static constexpr std::chrono::milliseconds kDefaultAnswerTimeout{10'000};
  /// How long exec() waits for the server's answer to one statement.
  void set_answer_timeout(std::chrono::milliseconds timeout) { answer_timeout_ = timeout; }

  /// Statements kept prepared on one connection at most.
  static constexpr std::size_t kMaxPrepared = 64;

  /// Runs one statement with $1, $2, ... bound to `params`. A text value holding a NUL byte is refused
  /// (PostgreSQL text cannot hold one).
  StoreResult<PgRows> exec(const std::string& sql, const std::vector<PgValue>& params = {});
  /// Statements this connection holds prepared, for tests.
  std::size_t prepared_count() const { return prepared_.size(); }
  /// Runs a script of statements without parameters (migrations), waiting as long as it takes.
  StoreResult<bool> exec_script(const std::string& sql);

  /// True once the connection is lost: it is of no further use.
  bool broken() const;
  /// postgresql://user@host:port/db, for messages.
  const std::string& name() const { return name_; }
  PGconn* native() const { return conn_.get(); }

 private:
  PgConnection(PgConnPtr conn, std::string name, std::string password)
      : conn_(std::move(conn)), name_(std::move(name)), password_(std::move(password)) {}

  // A failure message: the server's or libpq's words, the password masked should they quote it.
  StoreError error(const std::string& what, const std::string& detail) const;
  // The server's name of `sql` with these parameter types, prepared now if it is not yet and there is room;
  // empty when it runs unprepared. Fails when preparing it failed.
  StoreResult<std::string> prepared_name(const std::string& key, const std::string& sql, const std::vector<Oid>& types);
  // A statement's result, or its error.
  StoreResult<PgRows> checked(PgResultPtr result);
  // Sends with `sent` (the result of a PQsend* call) and waits for the statement's results within
  // answer_timeout_: the first error among them, else the last. Closes the connection on a timeout.
  StoreResult<PgResultPtr> answer(int sent);
  // Waits until the socket is ready for `events` or the deadline; false on timeout or error.
  bool wait_socket(short events, std::chrono::steady_clock::time_point deadline);

  PgConnPtr conn_;
  std::string name_;
  std::string password_;
  // Statement key (parameter types and text) -> the server's name of it.
  std::unordered_map<std::string, std::string> prepared_;
  uint64_t next_prepared_ = 0;
  std::chrono::milliseconds answer_timeout_ = kDefaultAnswerTimeout;
};

/// `text` with every occurrence of `secret` replaced by "***" (nothing when secret is empty).
std::string mask_secret(std::string text, const std::string& secret);

}  // namespace tg::tasks
