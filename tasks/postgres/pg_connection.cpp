#include "tasks/postgres/pg_connection.hpp"

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <string_view>

namespace tg::tasks {
namespace {

// Type oids of the parameters we send (pg_type.h).
constexpr Oid kInt8Oid = 20;
constexpr Oid kTextOid = 25;

// The connection parameters of `url` that name it without its secrets, and its password.
struct UrlParts {
  std::string name;
  std::string password;
};

struct ConninfoDeleter {
  void operator()(PQconninfoOption* options) const noexcept {
    if (options != nullptr) PQconninfoFree(options);
  }
};

StoreResult<UrlParts> parse_url(const std::string& url) {
  char* raw_error = nullptr;
  std::unique_ptr<PQconninfoOption, ConninfoDeleter> options(PQconninfoParse(url.c_str(), &raw_error));
  if (raw_error != nullptr) PQfreemem(raw_error);  // it may quote the URL: not repeated
  if (!options) return tg::unexpected(StoreError{"the PostgreSQL URL cannot be parsed"});
  std::string user, host, port, dbname;
  UrlParts parts;
  for (PQconninfoOption* option = options.get(); option->keyword != nullptr; ++option) {
    if (option->val == nullptr) continue;
    const std::string_view keyword = option->keyword;
    if (keyword == "user") user = option->val;
    if (keyword == "host" || (keyword == "hostaddr" && host.empty())) host = option->val;
    if (keyword == "port") port = option->val;
    if (keyword == "dbname") dbname = option->val;
    if (keyword == "password") parts.password = option->val;
  }
  parts.name = "postgresql://" + (user.empty() ? std::string() : user + "@") + host +
               (port.empty() ? std::string() : ":" + port) + "/" + dbname;
  return parts;
}

}  // namespace

std::string mask_secret(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
    text.replace(at, secret.size(), "***");
  }
  return text;
}

int PgRows::size() const { return PQntuples(result_.get()); }

int64_t PgRows::affected() const {
  const char* count = PQcmdTuples(result_.get());
  int64_t value = 0;
  if (count != nullptr) std::from_chars(count, count + std::strlen(count), value);
  return value;
}

std::string PgRows::text(int row, int column) const {
  if (PQgetisnull(result_.get(), row, column)) return std::string();
  return std::string(PQgetvalue(result_.get(), row, column),
                     static_cast<size_t>(PQgetlength(result_.get(), row, column)));
}

int64_t PgRows::int64(int row, int column) const {
  const char* value = PQgetvalue(result_.get(), row, column);
  int64_t number = 0;
  if (value != nullptr) std::from_chars(value, value + PQgetlength(result_.get(), row, column), number);
  return number;
}

StoreResult<std::unique_ptr<PgConnection>> PgConnection::connect(const std::string& url, int connect_timeout_s) {
  TG_TRY_ASSIGN(UrlParts parts, parse_url(url));
  const std::string timeout = std::to_string(connect_timeout_s > 0 ? connect_timeout_s : 5);
  // Key words are read in order and the last one wins: the URL (expanded from dbname) may set its own
  // timeout.
  const char* keywords[] = {"connect_timeout", "dbname", nullptr};
  const char* values[] = {timeout.c_str(), url.c_str(), nullptr};
  PgConnPtr conn(PQconnectdbParams(keywords, values, 1));
  if (!conn) return tg::unexpected(StoreError{"connecting to " + parts.name + ": out of memory"});
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    return tg::unexpected(StoreError{
        mask_secret("connecting to " + parts.name + ": " + PQerrorMessage(conn.get()), parts.password)});
  }
  // The server's notices ("already exists, skipping" and the like) are not errors: libpq would print each
  // on stderr, in the middle of the gateway's JSON log lines.
  PQsetNoticeProcessor(conn.get(), [](void*, const char*) {}, nullptr);
  // Sends never block either: a statement's answer is awaited within its timeout (answer()).
  if (PQsetnonblocking(conn.get(), 1) != 0) {
    return tg::unexpected(StoreError{"connecting to " + parts.name + ": cannot make the connection non-blocking"});
  }
  return std::unique_ptr<PgConnection>(new PgConnection(std::move(conn), std::move(parts.name),
                                                        std::move(parts.password)));
}

StoreError PgConnection::error(const std::string& what, const std::string& detail) const {
  std::string message = what + " (" + name_ + "): " + detail;
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return StoreError{mask_secret(std::move(message), password_)};
}

StoreResult<PgRows> PgConnection::checked(PgResultPtr result) {
  if (!result) return tg::unexpected(error("statement failed", PQerrorMessage(conn_.get())));
  const ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return tg::unexpected(error("statement failed", PQresultErrorMessage(result.get())));
  }
  return PgRows(std::move(result));
}

bool PgConnection::wait_socket(short events, std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd fd{PQsocket(conn_.get()), events, 0};
    const int ready = ::poll(&fd, 1, static_cast<int>(std::min<int64_t>(left.count(), 1000)));
    if (ready > 0) return true;
    if (ready < 0 && errno != EINTR) return false;
  }
}

StoreResult<PgResultPtr> PgConnection::answer(int sent) {
  PGconn* conn = conn_.get();
  if (!sent) return tg::unexpected(error("statement failed", PQerrorMessage(conn)));
  const auto deadline = std::chrono::steady_clock::now() + answer_timeout_;
  const auto timed_out = [&]() -> StoreResult<PgResultPtr> {
    conn_.reset();  // its state is unknown: of no further use (broken() says so)
    return tg::unexpected(error("statement failed", "no answer within " + std::to_string(answer_timeout_.count()) +
                                                        " ms; the connection was closed"));
  };
  // What libpq could not send at once, then the answers, read as they come.
  for (int flushed = PQflush(conn); flushed != 0; flushed = PQflush(conn)) {
    if (flushed < 0) return tg::unexpected(error("statement failed", PQerrorMessage(conn)));
    if (!wait_socket(POLLIN | POLLOUT, deadline)) return timed_out();
    if (!PQconsumeInput(conn)) return tg::unexpected(error("statement failed", PQerrorMessage(conn)));
  }
  PgResultPtr kept;
  bool kept_failed = false;
  for (;;) {
    while (PQisBusy(conn)) {
      if (!wait_socket(POLLIN, deadline)) return timed_out();
      if (!PQconsumeInput(conn)) return tg::unexpected(error("statement failed", PQerrorMessage(conn)));
    }
    PgResultPtr next(PQgetResult(conn));
    if (!next) break;
    if (kept_failed) continue;  // the first error is the one that counts
    const ExecStatusType status = PQresultStatus(next.get());
    kept_failed = status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK;
    kept = std::move(next);
  }
  if (!kept) return tg::unexpected(error("statement failed", PQerrorMessage(conn)));
  return kept;
}

StoreResult<std::string> PgConnection::prepared_name(const std::string& key, const std::string& sql,
                                                     const std::vector<Oid>& types) {
  if (auto found = prepared_.find(key); found != prepared_.end()) return found->second;
  if (prepared_.size() >= kMaxPrepared) return std::string();
  std::string name = "tg_" + std::to_string(++next_prepared_);
  TG_TRY_ASSIGN(PgResultPtr prepared, answer(PQsendPrepare(conn_.get(), name.c_str(), sql.c_str(),
                                                           static_cast<int>(types.size()), types.data())));
  TG_TRY(checked(std::move(prepared)));
  prepared_.emplace(key, name);
  return name;
}

StoreResult<PgRows> PgConnection::exec(const std::string& sql, const std::vector<PgValue>& params) {
  if (!conn_) return tg::unexpected(error("statement failed", "the connection was closed"));
  std::vector<std::string> numbers(params.size());
  std::vector<const char*> values(params.size());
  std::vector<Oid> types(params.size());
  // The key of a prepared statement: one letter per parameter type, then the text.
  std::string key;
  key.reserve(params.size() + 1 + sql.size());
  for (size_t i = 0; i < params.size(); ++i) {
    if (const auto* text = std::get_if<std::string>(&params[i])) {
      if (text->find('\0') != std::string::npos) {
        return tg::unexpected(StoreError{"a value holds a NUL byte, which PostgreSQL text cannot store"});
      }
      values[i] = text->c_str();
      types[i] = kTextOid;
      key += 't';
    } else {
      numbers[i] = std::to_string(std::get<int64_t>(params[i]));
      values[i] = numbers[i].c_str();
      types[i] = kInt8Oid;
      key += 'i';
    }
  }
  key += ':';
  key += sql;
  const int count = static_cast<int>(params.size());
  for (int attempt = 0;; ++attempt) {
    TG_TRY_ASSIGN(std::string name, prepared_name(key, sql, types));
    if (name.empty()) {
      TG_TRY_ASSIGN(PgResultPtr result, answer(PQsendQueryParams(conn_.get(), sql.c_str(), count, types.data(),
                                                                 values.data(), nullptr, nullptr, 0)));
      return checked(std::move(result));
    }
    TG_TRY_ASSIGN(PgResultPtr result,
                  answer(PQsendQueryPrepared(conn_.get(), name.c_str(), count, values.data(), nullptr, nullptr, 0)));
    const char* state = result ? PQresultErrorField(result.get(), PG_DIAG_SQLSTATE) : nullptr;
    // 26000: the server does not know the name; 0A000 "cached plan must not change result type": a table it
    // reads changed. Either way it is prepared again, at once when no transaction was aborted by the failure.
    if (state != nullptr && (std::string_view(state) == "26000" || std::string_view(state) == "0A000")) {
      prepared_.erase(key);
      if (attempt == 0 && PQtransactionStatus(conn_.get()) == PQTRANS_IDLE) continue;
    }
    return checked(std::move(result));
  }
}

StoreResult<bool> PgConnection::exec_script(const std::string& sql) {
  if (!conn_) return tg::unexpected(error("script failed", "the connection was closed"));
  PgResultPtr result(PQexec(conn_.get(), sql.c_str()));
  if (!result) return tg::unexpected(error("script failed", PQerrorMessage(conn_.get())));
  const ExecStatusType status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return tg::unexpected(error("script failed", PQresultErrorMessage(result.get())));
  }
  return true;
}

bool PgConnection::broken() const { return !conn_ || PQstatus(conn_.get()) != CONNECTION_OK; }

}  // namespace tg::tasks
