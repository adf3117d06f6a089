// Buckets whose objects live at an http origin: the key is appended to the origin URL, the engine reads it
// with range requests, a missing object at the origin is NoSuchKey.

#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>

#include "integration/cos_fixture.hpp"
#include "signing/percent_encoding.hpp"
#include "support/image_probe.hpp"

namespace tg::testing {
namespace {

// Serves the files of one folder over loopback HTTP/1.1 ("Range: bytes=a-[b]" honoured, one request per
// connection, 404 for anything else), and records the paths asked for.
class FolderOrigin {
 public:
  explicit FolderOrigin(std::string folder) : folder_(std::move(folder)) {
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
  ~FolderOrigin() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    acceptor_.join();
    std::lock_guard lock(mu_);
    for (auto& t : workers_) t.join();
  }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/origin"; }
  std::vector<std::string> paths() const {
    std::lock_guard lock(mu_);
    return paths_;
  }

 private:
  void accept_loop() {
    for (;;) {
      int client = ::accept(fd_, nullptr, nullptr);
      if (client < 0) return;
      std::lock_guard lock(mu_);
      workers_.emplace_back([this, client] { serve(client); });
    }
  }

  void serve(int client) {
    std::string request;
    char buf[4096];
    while (request.find("\r\n\r\n") == std::string::npos) {
      ssize_t n = ::recv(client, buf, sizeof buf, 0);
      if (n <= 0) break;
      request.append(buf, static_cast<size_t>(n));
    }
    const auto sp1 = request.find(' ');
    const auto sp2 = request.find(' ', sp1 + 1);
    std::string path = sp1 == std::string::npos ? "" : request.substr(sp1 + 1, sp2 - sp1 - 1);
    {
      std::lock_guard lock(mu_);
      paths_.push_back(path);
    }
    std::string body;
    const std::string prefix = "/origin/";
    if (path.rfind(prefix, 0) == 0 && path.find("..") == std::string::npos) {
      auto relative = signing::percent_decode(path.substr(prefix.size()));
      std::ifstream in(folder_ + "/" + relative.value_or(""), std::ios::binary);
      if (relative && in) body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    std::string head;
    std::size_t from = 0;
    std::size_t to = body.empty() ? 0 : body.size() - 1;
    if (body.empty()) {
      head = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    } else {
      bool ranged = false;
      if (auto at = request.find("Range: bytes="); at != std::string::npos) {
        unsigned long long a = 0;
        unsigned long long b = 0;
        int got = std::sscanf(request.c_str() + at + 13, "%llu-%llu", &a, &b);
        if (got >= 1 && a < body.size()) {
          ranged = true;
          from = a;
          if (got == 2 && b < body.size()) to = b;
        }
      }
      head = ranged ? "HTTP/1.1 206 Partial Content\r\n" : "HTTP/1.1 200 OK\r\n";
      head += "Content-Type: video/mp4\r\nAccept-Ranges: bytes\r\nConnection: close\r\nContent-Length: " +
              std::to_string(to - from + 1) + "\r\n";
      if (ranged) {
        head += "Content-Range: bytes " + std::to_string(from) + "-" + std::to_string(to) + "/" +
                std::to_string(body.size()) + "\r\n";
      }
      head += "\r\n";
    }
    if (send_all(client, head.data(), head.size()) && !body.empty()) {
      send_all(client, body.data() + from, to - from + 1);
    }
    ::close(client);
  }

  static bool send_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
      ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
      if (n <= 0) return false;
      data += n;
      size -= static_cast<std::size_t>(n);
    }
    return true;
  }

  std::string folder_;
  int fd_ = -1;
  int port_ = 0;
  std::thread acceptor_;
  mutable std::mutex mu_;
  std::vector<std::thread> workers_;
  std::vector<std::string> paths_;
};

class CosOriginTest : public CosFixture {};

TEST_F(CosOriginTest, SnapshotsOfOriginObjectsAndMissingOnes) {
  std::filesystem::create_directories(dir_ + "/origin/dir");
  std::filesystem::copy_file(clip_path(ClipKind::kH264Short), dir_ + "/origin/dir/a b.mp4");
  FolderOrigin origin(dir_ + "/origin");
  start(R"(,"cos":{"buckets":[{"name":"originbucket-1250000000","region":"ap-beijing","root":")" +
        origin.base_url() + R"(","acl":"public-read"}]})");
  CosQuery q = snap("/dir/a b.mp4", {{"time", "2"}, {"width", "100"}, {"height", "50"}});
  q.host = "originbucket-1250000000.cos.ap-beijing.myqcloud.com";
  CosSigning anonymous;
  anonymous.anonymous = true;
  auto res = cos_get(q, anonymous);
  ASSERT_EQ(res.status, 200) << res.body << " origin asked for: " << ::testing::PrintToString(origin.paths());
  auto info = probe_image_bytes(bytes_of(res.body));
  ASSERT_TRUE(info);
  EXPECT_EQ(info->width, 100);
  EXPECT_EQ(info->height, 50);
  auto paths = origin.paths();
  ASSERT_FALSE(paths.empty());
  EXPECT_EQ(paths.front(), "/origin/dir/a%20b.mp4");

  CosQuery missing = snap("/dir/missing.mp4");
  missing.host = q.host;
  auto gone = cos_get(missing, anonymous);
  EXPECT_EQ(gone.status, 404) << gone.body;
  EXPECT_EQ(cos_code(gone.body), "NoSuchKey") << gone.body;
}

}  // namespace
}  // namespace tg::testing
