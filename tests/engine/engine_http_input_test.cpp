// Inputs over HTTP from a loopback server with range requests: the same pictures as the local file.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "engine/engine.hpp"
#include "support/clips.hpp"

namespace tg::engine {
namespace {

using tg::testing::ClipKind;
using tg::testing::clip_path;

// Serves one file's bytes at any path, honouring "Range: bytes=a-" and "bytes=a-b"; one request per
// connection.
class RangeFileServer {
 public:
  explicit RangeFileServer(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    body_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(fd_, 16), 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~RangeFileServer() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    acceptor_.join();
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& t : workers_) t.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/clip.mp4"; }
  int requests() const { return requests_; }

 private:
  void accept_loop() {
    for (;;) {
      int client = ::accept(fd_, nullptr, nullptr);
      if (client < 0) return;
      std::lock_guard<std::mutex> lock(mu_);
      workers_.emplace_back([this, client] { serve(client); });
    }
  }

  void serve(int client) {
    std::string request;
    char buf[2048];
    while (request.find("\r\n\r\n") == std::string::npos) {
      ssize_t n = ::recv(client, buf, sizeof buf, 0);
      if (n <= 0) break;
      request.append(buf, static_cast<size_t>(n));
    }
    ++requests_;
    size_t from = 0;
    size_t to = body_.size() - 1;
    bool ranged = false;
    auto at = request.find("Range: bytes=");
    if (at != std::string::npos) {
      unsigned long long a = 0;
      unsigned long long b = 0;
      int got = std::sscanf(request.c_str() + at + 13, "%llu-%llu", &a, &b);
      if (got >= 1 && a < body_.size()) {
        ranged = true;
        from = a;
        if (got == 2 && b < body_.size()) to = b;
      }
    }
    std::string head = ranged ? "HTTP/1.1 206 Partial Content\r\n" : "HTTP/1.1 200 OK\r\n";
    head += "Content-Type: video/mp4\r\nAccept-Ranges: bytes\r\nConnection: close\r\n";
    head += "Content-Length: " + std::to_string(to - from + 1) + "\r\n";
    if (ranged) {
      head += "Content-Range: bytes " + std::to_string(from) + "-" + std::to_string(to) + "/" +
              std::to_string(body_.size()) + "\r\n";
    }
    head += "\r\n";
    bool ok = send_all(client, head.data(), head.size());
    if (ok) send_all(client, body_.data() + from, to - from + 1);
    ::close(client);
  }

  static bool send_all(int fd, const char* data, size_t size) {
    while (size > 0) {
      ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
      if (n <= 0) return false;
      data += n;
      size -= static_cast<size_t>(n);
    }
    return true;
  }

  std::string body_;
  int fd_ = -1;
  int port_ = 0;
  std::thread acceptor_;
  std::mutex mu_;
  std::vector<std::thread> workers_;
  std::atomic<int> requests_{0};
};

TEST(HttpInput, SameFramesAsTheLocalFile) {
  const std::string clip = clip_path(ClipKind::kH264LongGop);
  RangeFileServer server(clip);
  for (SeekMode mode : {SeekMode::kExact, SeekMode::kKeyframe}) {
    SnapshotRequest r;
    r.mode = mode;
    r.times = {TimePoint{10.5, false}, TimePoint{1.0, false}};
    r.image.width = 320;
    Source remote{server.url()};
    remote.deadline = std::chrono::seconds(20);
    auto got = snapshot(remote, r);
    ASSERT_TRUE(got.ok()) << errc_name(got.error().code) << ": " << got.error().message;
    auto local = snapshot(Source{clip}, r);
    ASSERT_TRUE(local.ok());
    ASSERT_EQ(got->size(), 2u);
    for (size_t i = 0; i < 2; ++i) {
      EXPECT_EQ((*got)[i].frame_s, (*local)[i].frame_s);
      EXPECT_EQ((*got)[i].data, (*local)[i].data);
    }
  }
  auto info = probe(Source{server.url()});
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_NEAR(info->duration_s, 12.0, 0.1);
  EXPECT_GE(server.requests(), 2);  // seeks are range requests
}

}  // namespace
}  // namespace tg::engine
