#include "gateway/http_server.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "support/clips.hpp"
#include "support/descriptors_exhausted.hpp"
#include "support/http_client.hpp"

namespace tg::gateway {
namespace {

TEST(HttpServer, BindsAnyPortAndHandsDecodedRequestsToTheHandler) {
  ApiRequest seen;
  HttpServer server({.address = "127.0.0.1", .port = 0, .io_threads = 1}, [&](ApiRequest req, Respond respond) {
    seen = req;
    ApiResponse r;
    r.body = R"({"ok":true})";
    r.headers.emplace_back("x-test", "1");
    respond(std::move(r));
  });
  auto port = server.start();
  ASSERT_TRUE(port.ok()) << port.error();
  ASSERT_NE(*port, 0);
  auto res = tg::testing::http_get("http://127.0.0.1:" + std::to_string(*port) +
                                   "/a%20b?ExtTimeOffsetSet[]=1&ExtTimeOffsetSet%5B%5D=2",
                                   {"X-Custom: Value"});
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, R"({"ok":true})");
  EXPECT_EQ(res.header("x-test"), "1");
  EXPECT_EQ(res.header("content-type"), "application/json");
  EXPECT_EQ(seen.method, "GET");
  EXPECT_EQ(seen.path, "/a b");
  EXPECT_EQ(seen.query_values("ExtTimeOffsetSet[]"), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(seen.header("x-custom"), "Value");
  server.stop();
}

TEST(HttpServer, RespondsFromAnotherThreadAndStreamsFiles) {
  auto dir = tg::testing::work_dir("http-server");
  std::string file = dir + "/body.bin";
  std::ofstream(file) << std::string(100000, 'x');
  HttpServer server({.port = 0, .io_threads = 2}, [&](ApiRequest, Respond respond) {
    std::thread([respond, file] {
      ApiResponse r;
      r.content_type = "application/octet-stream";
      r.file_path = file;
      respond(std::move(r));
    }).detach();
  });
  auto port = server.start();
  ASSERT_TRUE(port.ok());
  auto res = tg::testing::http_get("http://127.0.0.1:" + std::to_string(*port) + "/x");
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body.size(), 100000u);
}

TEST(HttpServer, OversizedBodiesAndMalformedEscapesAreHandled) {
  ApiRequest seen;
  HttpServer server({.port = 0, .io_threads = 1, .body_limit = 1024}, [&](ApiRequest req, Respond respond) {
    seen = req;
    respond(ApiResponse{});
  });
  auto port = server.start();
  ASSERT_TRUE(port.ok());
  std::string base = "http://127.0.0.1:" + std::to_string(*port);
  auto big = tg::testing::http_post(base + "/", std::string(5000, 'a'), "text/plain");
  EXPECT_EQ(big.status, 413);
  auto bad = tg::testing::http_get(base + "/?a=%zz");
  EXPECT_EQ(bad.status, 200);
  EXPECT_FALSE(seen.decode_error.empty());
}

// Runs `run` when it goes out of scope.
struct ScopeExit {
  std::function<void()> run;
  ~ScopeExit() { run(); }
};

// A blocking TCP connection to 127.0.0.1:port; -1 on failure.
int connect_to(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool send_text(int fd, const std::string& text) {
  return ::send(fd, text.data(), text.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(text.size());
}

// Reads until the peer closes (true) or `timeout_ms` pass without that (false); what came is in `got`.
bool wait_closed(int fd, int timeout_ms, std::string* got = nullptr) {
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  char buf[4096];
  while (std::chrono::steady_clock::now() < until) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return true;
    if (got) got->append(buf, static_cast<size_t>(n));
  }
  return false;
}

// Reads until `text` arrived or `timeout_ms` pass.
bool wait_text(int fd, const std::string& text, int timeout_ms) {
  std::string got;
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  char buf[4096];
  while (std::chrono::steady_clock::now() < until) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    got.append(buf, static_cast<size_t>(n));
    if (got.find(text) != std::string::npos) return true;
  }
  return got.find(text) != std::string::npos;
}

TEST(HttpServer, ConnectionsThatSendNoCompleteHeadAreClosedAfterTheHeaderTimeout) {
  HttpServer server({.port = 0, .io_threads = 1, .header_timeout = std::chrono::milliseconds(200)},
                    [](ApiRequest, Respond respond) { respond(ApiResponse{}); });
  auto port = server.start();
  ASSERT_TRUE(port.ok());
  int silent = connect_to(*port);
  int partial = connect_to(*port);
  int kept_alive = connect_to(*port);
  ASSERT_GE(silent, 0);
  ASSERT_GE(partial, 0);
  ASSERT_GE(kept_alive, 0);
  ASSERT_TRUE(send_text(partial, "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: "));
  ASSERT_TRUE(send_text(kept_alive, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  // The read timeout (30 s) would keep all three open far longer than these waits.
  EXPECT_TRUE(wait_closed(silent, 10000));
  EXPECT_TRUE(wait_closed(partial, 10000));
  std::string answer;
  EXPECT_TRUE(wait_closed(kept_alive, 10000, &answer));  // answered, then idle until the timeout
  EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer;
  for (int fd : {silent, partial, kept_alive}) ::close(fd);
}

TEST(HttpServer, PastTheConnectionCapNewClientsWaitUntilOneCloses) {
  std::mutex mutex;
  std::condition_variable changed;
  std::map<std::string, Respond> held;  // by request path
  HttpServer server({.port = 0, .io_threads = 2, .max_connections = 2}, [&](ApiRequest request, Respond respond) {
    std::lock_guard lock(mutex);
    held.emplace(request.path, std::move(respond));
    changed.notify_all();
  });
  // Held answers keep their connections; they go before the server does.
  ScopeExit drop_held{[&] {
    std::lock_guard lock(mutex);
    held = {};
  }};
  auto port = server.start();
  ASSERT_TRUE(port.ok());
  auto wait_held = [&](std::size_t count, int timeout_ms) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return held.size() >= count; });
  };
  auto answer = [&](const std::string& path) {
    std::lock_guard lock(mutex);
    held.at(path)(ApiResponse{});
  };
  auto request = [](const std::string& path) {
    return "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  };
  // Two connections fill the cap and one more is let in to wait for an idle slot; none of them is idle.
  std::vector<int> fds;
  for (const char* path : {"/1", "/2", "/3"}) {
    fds.push_back(connect_to(*port));
    ASSERT_TRUE(send_text(fds.back(), request(path)));
    ASSERT_TRUE(wait_held(fds.size(), 10000)) << path;
  }
  // The fourth completes in the listen backlog but is not accepted while three are open.
  int fourth = connect_to(*port);
  ASSERT_GE(fourth, 0);
  ASSERT_TRUE(send_text(fourth, request("/4")));
  EXPECT_FALSE(wait_held(4, 500));
  EXPECT_EQ(server.stats().open_connections, 3u);
  EXPECT_EQ(server.stats().evicted_idle, 0u);
  answer("/1");  // the answer is kept alive by `held`, the connection is not
  EXPECT_TRUE(wait_closed(fds[0], 10000));
  ASSERT_TRUE(wait_held(4, 10000));
  for (const char* path : {"/2", "/3", "/4"}) answer(path);
  EXPECT_TRUE(wait_text(fourth, "HTTP/1.1 200", 10000));
  fds.push_back(fourth);
  for (int fd : fds) ::close(fd);
}

TEST(HttpServer, AtTheCapTheLongestIdleConnectionMakesRoomForANewClient) {
  HttpServer server({.port = 0, .io_threads = 1, .header_timeout = std::chrono::minutes(5), .max_connections = 2},
                    [](ApiRequest, Respond respond) { respond(ApiResponse{}); });
  auto port = server.start();
  ASSERT_TRUE(port.ok());
  int older = connect_to(*port);
  ASSERT_GE(older, 0);
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (server.stats().open_connections < 1 && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  int newer = connect_to(*port);
  while (server.stats().open_connections < 2 && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_EQ(server.stats().open_connections, 2u);
  // Both send nothing; without eviction the client below would wait for the five-minute header timeout.
  int client = connect_to(*port);
  ASSERT_TRUE(send_text(client, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  EXPECT_TRUE(wait_text(client, "HTTP/1.1 200", 10000));
  EXPECT_TRUE(wait_closed(older, 10000));
  EXPECT_GE(server.stats().evicted_idle, 1u);
  // The newer idle connection is still open (nothing to read, not closed).
  pollfd p{newer, POLLIN, 0};
  EXPECT_EQ(::poll(&p, 1, 0), 0);
  for (int fd : {older, newer, client}) ::close(fd);
}

TEST(HttpServer, StopAcceptingAnswersRequestsInFlightAndClosesIdleConnections) {
  std::mutex mutex;
  std::condition_variable changed;
  std::optional<Respond> held;
  HttpServer server({.port = 0, .io_threads = 1}, [&](ApiRequest, Respond respond) {
    std::lock_guard lock(mutex);
    held = std::move(respond);
    changed.notify_all();
  });
  // Held answers keep their connections; they go before the server does.
  ScopeExit drop_held{[&] {
    std::lock_guard lock(mutex);
    held = {};
  }};
  auto port = server.start();
  ASSERT_TRUE(port.ok());
  int busy = connect_to(*port);
  int idle = connect_to(*port);
  ASSERT_TRUE(send_text(busy, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"));  // kept alive
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(changed.wait_for(lock, std::chrono::seconds(10), [&] { return held.has_value(); }));
  }
  server.stop_accepting();
  EXPECT_TRUE(wait_closed(idle, 10000));              // waiting for a request: closed at once
  EXPECT_LT(connect_to(*port), 0);                    // the listener is closed
  EXPECT_FALSE(server.wait_answered(std::chrono::milliseconds(50)));
  {
    std::lock_guard lock(mutex);
    (*held)(ApiResponse{});
  }
  std::string answer;
  EXPECT_TRUE(wait_closed(busy, 10000, &answer));  // answered, then closed despite keep-alive
  EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << answer;
  EXPECT_TRUE(server.wait_answered(std::chrono::seconds(10)));
  server.stop();
  ::close(busy);
  ::close(idle);
}

TEST(HttpServer, OutOfDescriptorsTheListenerBacksOffInsteadOfSpinningAndRecovers) {
  HttpServer server({.port = 0, .io_threads = 1}, [](ApiRequest, Respond respond) { respond(ApiResponse{}); });
  auto port = server.start();
  ASSERT_TRUE(port.ok());
  int client = ::socket(AF_INET, SOCK_STREAM, 0);  // made before the descriptors run out
  ASSERT_GE(client, 0);
  tg::testing::DescriptorsExhausted exhausted;
  ASSERT_TRUE(exhausted.ok());
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(*port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_TRUE(send_text(client, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  // Every accept fails with EMFILE now. Retried at once, the failures would number in the hundreds of
  // thousands within this second; backing off from 50 ms doubling to 1 s makes about five.
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const uint64_t failures = server.stats().exhausted_accepts;
  EXPECT_GE(failures, 1u);
  EXPECT_LE(failures, 20u);
  exhausted.release();
  EXPECT_TRUE(wait_text(client, "HTTP/1.1 200", 10000));
  ::close(client);
}

TEST(HttpServer, AFileThatCannotBeOpenedForWantOfDescriptorsIsA503NotA404) {
  auto dir = tg::testing::work_dir("http-server");
  std::string file = dir + "/busy.bin";
  std::ofstream(file) << "bytes";
  std::mutex mutex;
  std::condition_variable changed;
  std::optional<Respond> held;
  HttpServer server({.port = 0, .io_threads = 1}, [&](ApiRequest, Respond respond) {
    std::lock_guard lock(mutex);
    held = std::move(respond);
    changed.notify_all();
  });
  // Held answers keep their connections; they go before the server does.
  ScopeExit drop_held{[&] {
    std::lock_guard lock(mutex);
    held = {};
  }};
  auto port = server.start();
  ASSERT_TRUE(port.ok());
  int client = connect_to(*port);
  ASSERT_TRUE(send_text(client, "GET /outputs/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(changed.wait_for(lock, std::chrono::seconds(10), [&] { return held.has_value(); }));
  }
  std::string answer;
  {
    tg::testing::DescriptorsExhausted exhausted;
    ASSERT_TRUE(exhausted.ok());
    ApiResponse r;
    r.file_path = file;
    (*held)(std::move(r));
    EXPECT_TRUE(wait_closed(client, 10000, &answer));
  }
  EXPECT_EQ(answer.rfind("HTTP/1.1 503", 0), 0u) << answer;
  EXPECT_NE(answer.find("Retry-After: 1"), std::string::npos) << answer;
  ::close(client);
}

TEST(HttpServer, ReportsAPortInUse) {
  HttpServer first({.port = 0, .io_threads = 1}, [](ApiRequest, Respond r) { r(ApiResponse{}); });
  auto port = first.start();
  ASSERT_TRUE(port.ok());
  HttpServer second({.port = *port, .io_threads = 1}, [](ApiRequest, Respond r) { r(ApiResponse{}); });
  auto again = second.start();
  EXPECT_FALSE(again.ok());
}

}  // namespace
}  // namespace tg::gateway
