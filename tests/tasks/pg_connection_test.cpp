// PostgreSQL connections: errors as values that never carry the password, parameters never spliced, the
// SQLite statements the stores share in PostgreSQL's words. The tests that need a server skip without one
// (tests/tasks/store_backends.hpp).

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "store_backends.hpp"
#include "support/closed_port.hpp"
#include "support/loopback_server.hpp"
#include "tasks/fair_claim_sql.hpp"
#include "tasks/postgres/pg_pool.hpp"
#include "tasks/postgres/pg_sql.hpp"

namespace tg::tasks {
namespace {

using testing::postgres_test_url;

// The user:password part of a postgresql:// URL replaced by user:`password`.
std::string with_password(const std::string& url, const std::string& password) {
  const size_t scheme = url.find("://");
  const size_t at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos) return url;
  const size_t colon = url.find(':', scheme + 3);
  const size_t user_end = colon != std::string::npos && colon < at ? colon : at;
  return url.substr(0, user_end) + ":" + password + url.substr(at);
}

// The password of a postgresql://user:password@... URL.
std::string password_of(const std::string& url) {
  const size_t scheme = url.find("://");
  const size_t at = url.find('@');
  const size_t colon = url.find(':', scheme + 3);
  if (scheme == std::string::npos || at == std::string::npos || colon == std::string::npos || colon > at) return "";
  return url.substr(colon + 1, at - colon - 1);
}

// A connection to the test server; null when there is none (the test is skipped, or failed under CI) or
// connecting failed (reported).
std::unique_ptr<PgConnection> test_connection() {
  std::string url;
  postgres_test_url(url);
  if (url.empty()) return nullptr;
  auto conn = PgConnection::connect(url, 10);
  EXPECT_TRUE(conn) << conn.error().message;
  return conn ? std::move(*conn) : nullptr;
}

TEST(PostgresSql, SqlitePlaceholdersAndLikeBecomePostgres) {
  EXPECT_EQ(postgres_sql("SELECT id FROM t WHERE a = ?1 AND b = ?12 AND c LIKE 'http://%'"),
            "SELECT id FROM t WHERE a = $1 AND b = $12 AND c ILIKE 'http://%'");
  // Words that merely contain LIKE stay.
  EXPECT_EQ(postgres_sql("SELECT UNLIKELY FROM t WHERE x = ?3"), "SELECT UNLIKELY FROM t WHERE x = $3");
  const std::string next_app = postgres_sql(fair_claim_sql::kNextApp);
  EXPECT_EQ(next_app.find('?'), std::string::npos) << next_app;
  EXPECT_NE(next_app.find("$1 = 1"), std::string::npos) << next_app;
}

TEST(PostgresSql, MaskSecretHidesEveryOccurrence) {
  EXPECT_EQ(mask_secret("pw and pw again", "pw"), "*** and *** again");
  EXPECT_EQ(mask_secret("nothing here", ""), "nothing here");
  EXPECT_EQ(mask_secret("aaaa", "aa"), "******");
}

TEST(PgConnection, AWrongPasswordIsAnErrorWithoutThePassword) {
  std::string url;
  postgres_test_url(url);
  if (url.empty()) return;
  const std::string wrong = "Wr0ng-Secret-" + std::to_string(::getpid());
  auto conn = PgConnection::connect(with_password(url, wrong), 10);
  ASSERT_FALSE(conn);
  const std::string& message = conn.error().message;
  EXPECT_EQ(message.find(wrong), std::string::npos) << message;
  EXPECT_NE(message.find("password authentication failed"), std::string::npos) << message;
  EXPECT_NE(message.find("postgresql://"), std::string::npos) << message;
  // The store reports it the same way.
  auto store = PgTaskStore::open(with_password(url, wrong), {});
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().message.find(wrong), std::string::npos) << store.error().message;
}

TEST(PgConnection, AnUnreachablePortIsAnErrorWithoutThePassword) {
  const std::string secret = "Never-Shown-" + std::to_string(::getpid());
  const std::string url =
      "postgresql://thumbgate:" + secret + "@127.0.0.1:" + std::to_string(tg::testing::closed_port()) + "/thumbgate";
  auto conn = PgConnection::connect(url, 2);
  ASSERT_FALSE(conn);
  EXPECT_EQ(conn.error().message.find(secret), std::string::npos) << conn.error().message;
  EXPECT_NE(conn.error().message.find("postgresql://thumbgate@127.0.0.1:"), std::string::npos)
      << conn.error().message;
  auto store = PgTaskStore::open(url, {.connect_timeout_s = 2});
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().message.find(secret), std::string::npos) << store.error().message;
}

TEST(PgConnection, AServerThatAcceptsAndNeverAnswersIsAnErrorWithinTheConnectTimeout) {
  // A server whose kernel completes the connection and that never answers (paused or hung).
  tg::testing::LoopbackServer silent("127.0.0.1", [](int, const std::atomic<bool>& stopping) {
    while (!stopping) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  });
  const auto start = std::chrono::steady_clock::now();
  auto conn = PgConnection::connect("postgresql://u:pw@127.0.0.1:" + std::to_string(silent.port()) + "/db", 2);
  EXPECT_FALSE(conn);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(8));
}

TEST(PgConnection, AMalformedUrlIsAnErrorWithoutItsText) {
  const std::string secret = "Hidden-" + std::to_string(::getpid());
  for (const std::string& url : {"postgresql://u:" + secret + "@127.0.0.1:notaport/db",
                                 "postgresql://u:" + secret + "@[::1/db", "host=x password=" + secret + " port"}) {
    auto conn = PgConnection::connect(url, 2);
    ASSERT_FALSE(conn) << url;
    EXPECT_EQ(conn.error().message.find(secret), std::string::npos) << conn.error().message;
  }
}

TEST(PgConnection, ValuesAreBoundNeverSplicedAndNulBytesRefused) {
  auto conn = test_connection();
  if (!conn) return;
  const std::string hostile = "x'); SELECT pg_sleep(10); --";
  auto echoed = conn->exec("SELECT $1::text, $2::bigint + 1", {hostile, int64_t{9'007'199'254'740'993}});
  ASSERT_TRUE(echoed) << echoed.error().message;
  EXPECT_EQ(echoed->text(0, 0), hostile);
  EXPECT_EQ(echoed->int64(0, 1), int64_t{9'007'199'254'740'994});
  auto nul = conn->exec("SELECT $1::text", {std::string("a\0b", 3)});
  ASSERT_FALSE(nul);
  EXPECT_NE(nul.error().message.find("NUL"), std::string::npos);
  // A failed statement leaves the connection usable.
  EXPECT_FALSE(conn->exec("SELECT * FROM no_such_table"));
  EXPECT_FALSE(conn->broken());
  EXPECT_TRUE(conn->exec("SELECT 1"));
}

TEST(PgConnection, ArrayLiteralsCarryEveryValueAsWritten) {
  auto conn = test_connection();
  if (!conn) return;
  const std::vector<std::string> values = {"",       "NULL",       "a,b",        "{x}",  "say \"hi\"",
                                           "back\\", "\\\"", "line\nnext", " pad ", "\xc3\xa9t\xc3\xa9",
                                           "x'); DROP TABLE t; --"};
  auto rows = conn->exec("SELECT v, v IS NULL FROM unnest($1::text[]) WITH ORDINALITY AS u (v, n) ORDER BY n",
                            {text_array(values)});
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), static_cast<int>(values.size()));
  for (int i = 0; i < rows->size(); ++i) {
    EXPECT_EQ(rows->text(i, 0), values[static_cast<size_t>(i)]);
    EXPECT_EQ(rows->text(i, 1), "f") << values[static_cast<size_t>(i)];
  }
  auto empty = conn->exec("SELECT count(*) FROM unnest($1::text[])", {text_array({})});
  ASSERT_TRUE(empty) << empty.error().message;
  EXPECT_EQ(empty->int64(0, 0), 0);
}

// The statements the server holds prepared for this session.
int64_t server_prepared(PgConnection& conn) {
  auto rows = conn.exec("SELECT count(*) FROM pg_prepared_statements");
  return rows ? rows->int64(0, 0) : -1;
}

TEST(PgConnection, AStatementIsPreparedOnceAndTheirNumberIsBounded) {
  auto conn = test_connection();
  if (!conn) return;
  PgConnection& c = *conn;
  for (int i = 0; i < 3; ++i) {
    auto rows = c.exec("SELECT $1::bigint * 2", {int64_t{i}});
    ASSERT_TRUE(rows) << rows.error().message;
    EXPECT_EQ(rows->int64(0, 0), 2 * i);
  }
  // The same text with a text parameter is another statement.
  auto text = c.exec("SELECT $1::bigint * 2", {std::string("21")});
  ASSERT_TRUE(text) << text.error().message;
  EXPECT_EQ(text->int64(0, 0), 42);
  EXPECT_EQ(c.prepared_count(), 2u);
  for (std::size_t i = 0; i < PgConnection::kMaxPrepared + 10; ++i) {
    auto rows = c.exec("SELECT " + std::to_string(i) + " + $1::bigint", {int64_t{1}});
    ASSERT_TRUE(rows) << rows.error().message;
    EXPECT_EQ(rows->int64(0, 0), static_cast<int64_t>(i) + 1);
  }
  EXPECT_EQ(c.prepared_count(), PgConnection::kMaxPrepared);
  EXPECT_EQ(server_prepared(c), static_cast<int64_t>(PgConnection::kMaxPrepared));
}

TEST(PgConnection, AStatementTheServerForgotIsPreparedAgain) {
  auto conn = test_connection();
  if (!conn) return;
  PgConnection& c = *conn;
  ASSERT_TRUE(c.exec("SELECT $1::bigint + 1", {int64_t{1}}));
  // What a pooler that hands the connection another server session, or DEALLOCATE ALL, leaves behind.
  ASSERT_TRUE(c.exec_script("DEALLOCATE ALL"));
  auto again = c.exec("SELECT $1::bigint + 1", {int64_t{2}});
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->int64(0, 0), 3);
  // Inside a transaction the failure is the transaction's; the next run prepares it again.
  ASSERT_TRUE(c.exec_script("DEALLOCATE ALL"));
  ASSERT_TRUE(c.exec("BEGIN"));
  EXPECT_FALSE(c.exec("SELECT $1::bigint + 1", {int64_t{3}}));
  ASSERT_TRUE(c.exec("ROLLBACK"));
  auto after = c.exec("SELECT $1::bigint + 1", {int64_t{4}});
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_EQ(after->int64(0, 0), 5);
  EXPECT_FALSE(c.broken());
}

TEST(PgConnection, AStatementWithoutAnAnswerInTimeFailsAndClosesTheConnection) {
  auto conn = test_connection();
  if (!conn) return;
  PgConnection& c = *conn;
  c.set_answer_timeout(std::chrono::milliseconds(300));
  const auto start = std::chrono::steady_clock::now();
  auto slow = c.exec("SELECT pg_sleep($1::bigint)", {int64_t{5}});
  const auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(slow);
  EXPECT_NE(slow.error().message.find("no answer within 300 ms"), std::string::npos) << slow.error().message;
  EXPECT_LT(waited, std::chrono::seconds(3));
  EXPECT_TRUE(c.broken());
  EXPECT_FALSE(c.exec("SELECT 1"));
  // A statement that answers within the time is unaffected.
  auto again = test_connection();
  ASSERT_TRUE(again);
  again->set_answer_timeout(std::chrono::milliseconds(2000));
  auto quick = again->exec("SELECT pg_sleep(0.05), $1::text", {std::string(300'000, 'x')});
  ASSERT_TRUE(quick) << quick.error().message;
  EXPECT_EQ(quick->text(0, 1).size(), 300'000u);
}

TEST(PgPool, ABrokenConnectionIsReplacedOnTheNextUse) {
  testing::PostgresTestSchema schema;
  if (!schema.create()) return;
  auto pool = PgPool::open(schema.url(), {.size = 2});
  ASSERT_TRUE(pool) << pool.error().message;
  {
    auto lease = (*pool)->acquire();
    ASSERT_TRUE(lease);
    ASSERT_TRUE((*lease)->exec("SELECT 1"));
  }
  ASSERT_EQ((*pool)->open_connections(), 1);
  // The server ends every connection of the pool (named after the schema).
  auto admin = PgConnection::connect(schema.base_url(), 10);
  ASSERT_TRUE(admin) << admin.error().message;
  auto killed = (*admin)->exec(
      "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1", {schema.name()});
  ASSERT_TRUE(killed) << killed.error().message;
  ASSERT_EQ(killed->int64(0, 0), 1);
  {
    // The first use finds it gone: an error value, and the connection is dropped.
    auto lease = (*pool)->acquire();
    ASSERT_TRUE(lease);
    auto lost = (*lease)->exec("SELECT 1");
    ASSERT_FALSE(lost);
    EXPECT_EQ(lost.error().message.find(password_of(schema.url())), std::string::npos) << lost.error().message;
    EXPECT_TRUE((*lease)->broken());
  }
  EXPECT_EQ((*pool)->open_connections(), 0);
  auto lease = (*pool)->acquire();
  ASSERT_TRUE(lease) << lease.error().message;
  EXPECT_TRUE((*lease)->exec("SELECT 1"));
}

TEST(PgPool, HandsOutAtMostItsSizeAndWaitsForAReturn) {
  testing::PostgresTestSchema schema;
  if (!schema.create()) return;
  auto pool = PgPool::open(schema.url(), {.size = 2});
  ASSERT_TRUE(pool) << pool.error().message;
  auto first = (*pool)->acquire();
  auto second = (*pool)->acquire();
  ASSERT_TRUE(first && second);
  EXPECT_EQ((*pool)->open_connections(), 2);
  std::atomic<bool> got_third{false};
  std::thread waiter([&] {
    auto third = (*pool)->acquire();
    EXPECT_TRUE(third);
    got_third = true;
  });
  // The third waits until one comes back (a return can only be what wakes it: the pool is full).
  EXPECT_FALSE(got_third.load());
  { auto returned = std::move(*first); }
  waiter.join();
  EXPECT_TRUE(got_third.load());
  EXPECT_EQ((*pool)->open_connections(), 2);
}

TEST(PgPool, AWaitForAConnectionEndsAfterTheAnswerTimeout) {
  testing::PostgresTestSchema schema;
  if (!schema.create()) return;
  auto pool = PgPool::open(schema.url(), {.size = 1, .answer_timeout = std::chrono::milliseconds(200)});
  ASSERT_TRUE(pool) << pool.error().message;
  auto held = (*pool)->acquire();
  ASSERT_TRUE(held) << held.error().message;
  const auto start = std::chrono::steady_clock::now();
  auto none = (*pool)->acquire();
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message.find("stayed in use"), std::string::npos) << none.error().message;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  { auto returned = std::move(*held); }
  EXPECT_TRUE((*pool)->acquire());
}

}  // namespace
}  // namespace tg::tasks
