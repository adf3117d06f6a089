// Redis unreachable, silent, refusing the password or dropping the connection: the limiter answers
// kUnavailable (never "too frequent"), the replay cache and the call admission kUnavailable (never a
// pass), within the timeouts, and they work again on the next call once Redis answers.

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "redis/redis_call_admission.hpp"
#include "redis/redis_rate_limiter.hpp"
#include "redis/redis_replay_cache.hpp"
#include "redis/redis_url.hpp"
#include "redis_fixture.hpp"
#include "support/clips.hpp"
#include "support/closed_port.hpp"

namespace tg::redis {
namespace {

using adapters::Admission;
using signing::ReplayVerdict;
using Clock = std::chrono::steady_clock;

constexpr int64_t kNow = 1'700'000'000'000;
constexpr RedisClient::Options kShortTimeouts{.connect_timeout = std::chrono::milliseconds(200),
                                              .command_timeout = std::chrono::milliseconds(200),
                                              .max_connections = 2};
// Far above the 200 ms timeouts, so a loaded machine does not fail the test, and far below a hang.
constexpr auto kQuickly = std::chrono::seconds(3);

// A loopback port that accepts connections (the kernel completes them) and never answers.
class SilentPort {
 public:
  SilentPort() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        ::listen(fd_, 16) != 0 || ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      ADD_FAILURE() << "cannot listen on a loopback port";
      return;
    }
    port_ = ntohs(address.sin_port);
  }
  ~SilentPort() {
    if (fd_ >= 0) ::close(fd_);
  }
  SilentPort(const SilentPort&) = delete;
  SilentPort& operator=(const SilentPort&) = delete;
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

// A redis-server of the test's own on a loopback port, stopped by the test (or when it ends).
class OwnRedis {
 public:
  /// False when redis-server cannot be started (not installed).
  bool start(int port, const std::string& password, const std::string& dir) {
    const std::vector<std::string> args = {"redis-server", "--bind", "127.0.0.1", "--port", std::to_string(port),
                                           "--requirepass", password, "--save", "", "--appendonly", "no",
                                           "--dir", dir, "--logfile", dir + "/redis.log"};
    std::vector<char*> argv;
    for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    return posix_spawnp(&pid_, "redis-server", nullptr, nullptr, argv.data(), environ) == 0;
  }
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  ~OwnRedis() { stop(); }

 private:
  pid_t pid_ = -1;
};

std::unique_ptr<RedisClient> client_of(const std::string& url) {
  auto made = RedisClient::create(url, kShortTimeouts);
  EXPECT_TRUE(made) << made.error();
  return made ? std::move(*made) : nullptr;
}

void expect_unavailable_quickly(RedisClient& client, std::string* error_seen = nullptr) {
  RedisRateLimiter limiter(client, {.key_prefix = "test:", .on_error = [&](const std::string& e) {
                                      if (error_seen) *error_seen = e;
                                    }});
  RedisReplayCache cache(client, {.key_prefix = "test:", .max_per_scope = 100, .on_error = {}});
  RedisCallAdmission admission(client, {.key_prefix = "test:", .on_error = {}});
  const auto start = Clock::now();
  EXPECT_EQ(limiter.try_acquire("zego:1", kNow, 20), Admission::kUnavailable);
  EXPECT_FALSE(cache.seen("zego:1", "n", kNow));
  EXPECT_EQ(cache.remember_once("zego:1", "n", kNow + 60'000, kNow, 10), ReplayVerdict::kUnavailable);
  const adapters::CallClaim claim{.scope = "zego:1", .nonce = "n", .expires_ms = kNow + 60'000, .capacity = 10,
                                  .charge = adapters::RateCharge{.key = "zego:1", .limit = 20, .window_ms = 1000}};
  EXPECT_EQ(admission.admit(claim, kNow), adapters::CallVerdict::kUnavailable);
  EXPECT_LT(Clock::now() - start, kQuickly);
}

TEST(RedisUnavailable, AClosedPortAnswersUnavailableQuickly) {
  auto client = client_of("redis://127.0.0.1:" + std::to_string(tg::testing::closed_port()));
  ASSERT_TRUE(client);
  std::string error;
  expect_unavailable_quickly(*client, &error);
  EXPECT_NE(error.find("cannot connect"), std::string::npos) << error;
  EXPECT_EQ(client->open_connections(), 0u);
}

TEST(RedisUnavailable, ASilentServerTimesOutAsUnavailable) {
  SilentPort silent;
  auto client = client_of("redis://:Hunter2Secret@127.0.0.1:" + std::to_string(silent.port()));
  ASSERT_TRUE(client);
  std::string error;
  expect_unavailable_quickly(*client, &error);
  EXPECT_FALSE(error.empty());
  EXPECT_EQ(error.find("Hunter2"), std::string::npos) << error;
  EXPECT_EQ(client->open_connections(), 0u);
}

class RedisRecovery : public testing::RedisFixture {};

TEST_F(RedisRecovery, AWrongPasswordIsUnavailableAndNotShown) {
  auto parsed = parse_redis_url(url_);
  ASSERT_TRUE(parsed) << parsed.error();
  const std::string host = parsed->host.find(':') != std::string::npos ? "[" + parsed->host + "]" : parsed->host;
  auto client = client_of("redis://default:Wrong-Hunter2@" + host + ":" + std::to_string(parsed->port));
  ASSERT_TRUE(client);
  std::string error;
  expect_unavailable_quickly(*client, &error);
  EXPECT_NE(error.find("AUTH"), std::string::npos) << error;
  EXPECT_EQ(error.find("Hunter2"), std::string::npos) << error;
  if (!parsed->password.empty()) {
    EXPECT_EQ(error.find(parsed->password), std::string::npos);
  }
}

TEST_F(RedisRecovery, AConnectionRedisClosedWhileIdleIsReplacedBeforeACallUsesIt) {
  auto node = client({.connect_timeout = std::chrono::milliseconds(500),
                      .command_timeout = std::chrono::milliseconds(500),
                      .max_connections = 1});
  auto admin = client();
  ASSERT_TRUE(node && admin);
  RedisRateLimiter limiter(*node, {.key_prefix = prefix_, .on_error = {}});
  RedisReplayCache cache(*node, {.key_prefix = prefix_, .on_error = {}});
  // What a restart of Redis does to every idle connection of every node.
  const auto kill_the_connection = [&] {
    auto id = node->command({"CLIENT", "ID"});
    ASSERT_TRUE(id) << id.error();
    const std::string id_text = std::to_string((*id)->integer);
    auto killed = admin->command({"CLIENT", "KILL", "ID", id_text});
    ASSERT_TRUE(killed) << killed.error();
    EXPECT_EQ((*killed)->integer, 1);
  };

  EXPECT_EQ(limiter.try_acquire("k", kNow, 2, 60'000), Admission::kAdmitted);
  kill_the_connection();
  EXPECT_EQ(limiter.try_acquire("k", kNow, 2, 60'000), Admission::kAdmitted);
  EXPECT_EQ(node->open_connections(), 1u);
  EXPECT_EQ(limiter.try_acquire("k", kNow, 2, 60'000), Admission::kRefused);

  EXPECT_EQ(cache.remember_once("s", "used", kNow + 60'000, kNow, 10), ReplayVerdict::kFresh);
  kill_the_connection();
  EXPECT_EQ(cache.remember_once("s", "used", kNow + 60'000, kNow, 10), ReplayVerdict::kReplay);
  kill_the_connection();
  EXPECT_EQ(cache.remember_once("s", "new", kNow + 60'000, kNow, 10), ReplayVerdict::kFresh);
  EXPECT_EQ(node->open_connections(), 1u);
}

TEST_F(RedisRecovery, AClientAnswersOnceRedisStartsOnItsPortAndRefusesAgainWhenItStops) {
  const int port = tg::testing::closed_port();
  const std::string password = random_hex(12);
  auto node = client_of("redis://default:" + password + "@127.0.0.1:" + std::to_string(port));
  ASSERT_TRUE(node);
  RedisRateLimiter limiter(*node, {.key_prefix = prefix_, .on_error = {}});
  RedisReplayCache cache(*node, {.key_prefix = prefix_, .on_error = {}});
  EXPECT_EQ(limiter.try_acquire("k", kNow, 1, 60'000), Admission::kUnavailable);
  EXPECT_EQ(cache.remember_once("s", "n", kNow + 60'000, kNow, 10), ReplayVerdict::kUnavailable);

  OwnRedis redis;
  if (!redis.start(port, password, tg::testing::fresh_test_dir("own-redis"))) {
    GTEST_SKIP() << "redis-server cannot be started here";
  }
  bool ready = false;
  for (int i = 0; i < 200 && !ready; ++i) {
    ready = static_cast<bool>(node->command({"PING"}));
    if (!ready) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(ready) << "redis-server did not start on port " << port;
  EXPECT_EQ(limiter.try_acquire("k", kNow, 1, 60'000), Admission::kAdmitted);
  EXPECT_EQ(limiter.try_acquire("k", kNow, 1, 60'000), Admission::kRefused);
  EXPECT_EQ(cache.remember_once("s", "n", kNow + 60'000, kNow, 10), ReplayVerdict::kFresh);

  // Redis gone with everything it held: a replay is refused as unavailable, never accepted as fresh.
  redis.stop();
  EXPECT_EQ(cache.remember_once("s", "n", kNow + 60'000, kNow, 10), ReplayVerdict::kUnavailable);
  EXPECT_EQ(limiter.try_acquire("k", kNow, 1, 60'000), Admission::kUnavailable);
}

}  // namespace
}  // namespace tg::redis
