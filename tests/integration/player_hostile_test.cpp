// Hostile player URLs against the real server: path tricks in the media id however encoded, huge numbers,
// a token of 1 MB. Each gets a clear error without a server path, and the server keeps serving.

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>

#include "integration/player_fixture.hpp"

namespace tg::testing {
namespace {

class PlayerHostile : public PlayerFixture {};

TEST_F(PlayerHostile, PathTricksInTheMediaIdAreRefused) {
  std::filesystem::copy_file(dir_ + "/media/clip.mp4", dir_ + "/outside.mp4");
  std::filesystem::create_symlink(dir_ + "/outside.mp4", dir_ + "/media/link-out.mp4");
  start_player();
  const std::vector<std::string> ids = {
      "..",           "%2e%2e",          "%2E%2E%2Fclip.mp4", "..%2fclip.mp4",      "%2Fetc%2Fpasswd",
      "rec%2Fa.mp4",  "%252e%252e",      "clip.mp4%00",       "%00",                "..%5Cclip.mp4",
      ".hidden",      "clip%20.mp4",     "%C0%AE%C0%AE",      std::string(201, 'a'), "link-out.mp4",
      "outside.mp4",
  };
  for (const std::string& id : ids) {
    auto res = get("/v/" + id + "/thumbnail.jpg");
    EXPECT_TRUE(res.status == 400 || res.status == 404) << id << " " << res.status << " " << res.body;
    EXPECT_EQ(res.header("content-type"), "application/json") << id;
    EXPECT_EQ(res.body.find(dir_), std::string::npos) << id << " " << res.body;
    EXPECT_EQ(res.body.find("/media"), std::string::npos) << id << " " << res.body;
  }
  // Structural tricks: an empty id, a dot segment in the path, a resource that is not the last segment.
  for (const char* path : {"/v//thumbnail.jpg", "/v/clip.mp4/../clip.mp4/thumbnail.jpg",
                           "/v/clip.mp4/thumbnail.jpg/..", "/v/"}) {
    auto res = get(path);
    EXPECT_TRUE(res.status == 400 || res.status == 404) << path << " " << res.status << " " << res.body;
    EXPECT_EQ(res.body.find(dir_), std::string::npos) << path;
  }
  EXPECT_EQ(get("/v/clip.mp4/thumbnail.jpg?width=16").status, 200);
}

TEST_F(PlayerHostile, FoldersCannotLeadOutOfTheMediaRoot) {
  // A folder outside the media root with a clip in it, reached from inside by a symlinked folder, a symlink
  // up the tree and a symlinked file; and a clip beside the root.
  std::filesystem::create_directories(dir_ + "/secret");
  std::filesystem::copy_file(dir_ + "/media/clip.mp4", dir_ + "/secret/inside.mp4");
  std::filesystem::create_directories(dir_ + "/media/sub");
  std::filesystem::create_directory_symlink(dir_ + "/secret", dir_ + "/media/linked");
  std::filesystem::create_directory_symlink("../..", dir_ + "/media/sub/up");
  std::filesystem::create_symlink(dir_ + "/secret/inside.mp4", dir_ + "/media/sub/file-out.mp4");
  start_player();
  for (const std::string path :
       {"/v/linked/inside.mp4/thumbnail.jpg", "/v/sub/up/secret/inside.mp4/thumbnail.jpg",
        "/v/sub/file-out.mp4/storyboard.json", "/v/sub/..%2F..%2Fsecret/inside.mp4/thumbnail.jpg",
        "/v/sub/%2E%2E/%2E%2E/secret/inside.mp4/thumbnail.jpg", "/v/sub/up%2Fsecret%2Finside.mp4/thumbnail.jpg",
        "/v/sub//up/secret/inside.mp4/animated.gif", "/v/sub/./up/thumbnail.jpg"}) {
    auto res = get(path);
    EXPECT_TRUE(res.status == 400 || res.status == 404) << path << " " << res.status << " " << res.body;
    EXPECT_EQ(res.header("content-type"), "application/json") << path;
    EXPECT_EQ(res.body.find(dir_), std::string::npos) << path << " " << res.body;
  }
  EXPECT_EQ(get("/v/clip.mp4/thumbnail.jpg?width=16").status, 200);
}

TEST_F(PlayerHostile, HugeNumbersAreRefusedNamingTheParameter) {
  start_player();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/v/clip.mp4/thumbnail.jpg?time=99999999999999999999999999", "time"},
      {"/v/clip.mp4/thumbnail.jpg?time=1e309", "time"},
      {"/v/clip.mp4/thumbnail.jpg?time=nan", "time"},
      {"/v/clip.mp4/thumbnail.jpg?time=863999.999", "time"},  // in range, past the media's end
      {"/v/clip.mp4/thumbnail.jpg?width=18446744073709551617", "width"},
      {"/v/clip.mp4/thumbnail.jpg?height=-2147483648", "height"},
      {"/v/clip.mp4/thumbnail.jpg?quality=4294967297", "quality"},
      {"/v/clip.mp4/storyboard.json?tiles=99999999999999", "tiles"},
      {"/v/clip.mp4/storyboard.jpg?columns=2147483648", "columns"},
      {"/v/clip.mp4/animated.gif?fps=1000000000000", "fps"},
  };
  for (const auto& [url, parameter] : cases) {
    auto res = get(url);
    EXPECT_EQ(res.status, 400) << url << " " << res.body;
    EXPECT_EQ(parameter_of(res), parameter) << url << " " << res.body;
  }
  std::string many = "/v/clip.mp4/thumbnail.jpg?";
  for (int i = 0; i < 300; ++i) many += "x" + std::to_string(i) + "=1&";
  auto res = get(many);
  EXPECT_EQ(res.status, 400) << res.body;
  EXPECT_EQ(parameter_of(res), "query");
}

// Sends `request_text` on a fresh loopback connection (as much of it as the server reads) and returns what the
// server answers until it closes the connection.
std::string raw_exchange(int port, const std::string& request_text) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return "";
  }
  timeval tv{30, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  std::size_t sent = 0;
  while (sent < request_text.size()) {
    const ssize_t n = ::send(fd, request_text.data() + sent, request_text.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server stopped reading: it answers what it has
    sent += static_cast<std::size_t>(n);
  }
  std::string out;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

TEST_F(PlayerHostile, AMegabyteTokenIsRefusedAndTheServerKeepsServing) {
  start_player();
  const std::string huge(1 << 20, 'A');
  for (const char* path : {"/v/premium.mp4/thumbnail.jpg?token=", "/v/clip.mp4/storyboard.json?token="}) {
    const std::string answer = raw_exchange(server_->port(), std::string("GET ") + path + huge + "." + huge +
                                                                 " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    // Refused at the request head's limit (or the connection dropped): never served, never a crash.
    if (!answer.empty()) {
      EXPECT_EQ(answer.rfind("HTTP/1.1 4", 0), 0u) << answer.substr(0, 200);
    }
    EXPECT_EQ(answer.find(dir_), std::string::npos);
  }
  // Within the server's 8 KiB request head: a parameter over 4096 bytes is refused by the parameter limits.
  const std::string big(1700, 'A');
  auto res = get("/v/premium.mp4/thumbnail.jpg?token=" + big + "." + big + "." + big);
  EXPECT_EQ(res.status, 400) << res.body;
  EXPECT_EQ(parameter_of(res), "query") << res.body;
  EXPECT_NE(res.body.find("token"), std::string::npos) << res.body;
  EXPECT_EQ(get("/v/clip.mp4/thumbnail.jpg?width=16").status, 200);
  EXPECT_EQ(get("/healthz").status, 200);
}

TEST_F(PlayerHostile, ATokenOverMaxTokenBytesIsRefusedBeforeItIsDecoded) {
  start_player(R"(,"max_token_bytes":1024)");
  const std::string big(700, 'A');
  auto res = get("/v/premium.mp4/thumbnail.jpg?token=" + big + "." + big + "." + big);
  EXPECT_EQ(res.status, 403) << res.body;
  EXPECT_EQ(parameter_of(res), "token") << res.body;
  EXPECT_EQ(get("/v/premium.mp4/thumbnail.jpg?width=16&token=" + hs_token(claims("premium.mp4", "t", 300))).status,
            200);
}

}  // namespace
}  // namespace tg::testing
