// Who reaches /admin: loopback clients only on the main listener by default, everyone with allow_remote, and
// only the admin listener when the console has a listener of its own.

#include <gtest/gtest.h>
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>

#include <regex>

#include "admin_fixture.hpp"

namespace tg::testing {
namespace {

constexpr const char* kPlain404 = R"({"error":"NotFound","message":"no such route"})";

// An IPv4 address of this machine that is not loopback, or "" when it has none.
std::string non_loopback_address() {
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return "";
  std::string found;
  for (ifaddrs* it = list; it != nullptr && found.empty(); it = it->ifa_next) {
    if (it->ifa_addr == nullptr || it->ifa_addr->sa_family != AF_INET) continue;
    const auto* in = reinterpret_cast<const sockaddr_in*>(it->ifa_addr);
    if ((ntohl(in->sin_addr.s_addr) >> 24) == 127) continue;
    char text[INET_ADDRSTRLEN] = {};
    if (::inet_ntop(AF_INET, &in->sin_addr, text, sizeof text)) found = text;
  }
  ::freeifaddrs(list);
  return found;
}

class AdminAccessTest : public AdminFixture {
 protected:
  // The base URL of the server reached through this machine's non-loopback address.
  std::string remote_base(uint16_t port) const { return "http://" + remote_ + ":" + std::to_string(port); }

  // The admin console's own port, from the start-up line.
  uint16_t admin_port() const {
    std::smatch found;
    const std::string output = server_->output();
    if (!std::regex_search(output, found, std::regex("admin console: http://[^ ]+:([0-9]+)/admin/"))) return 0;
    return static_cast<uint16_t>(std::stoi(found[1]));
  }

  std::string remote_ = non_loopback_address();
};

const std::vector<std::string> kAdminPaths = {"/admin", "/admin/", "/admin/app.js", "/admin/api/tasks",
                                              "/admin/api/session", "/admin/api/overview", "/admin/api/nothing"};

TEST_F(AdminAccessTest, TheConsolePageNeedsNoSignInAndCarriesItsPolicy) {
  start_admin();
  auto moved = http_get(admin_url("/admin"));
  EXPECT_EQ(moved.status, 308);
  EXPECT_EQ(moved.header("location"), "/admin/");
  for (const auto& [path, type] : std::vector<std::pair<std::string, std::string>>{
           {"/admin/", "text/html"}, {"/admin/app.js", "javascript"}, {"/admin/app.css", "text/css"}}) {
    auto res = http_get(admin_url(path));
    ASSERT_EQ(res.status, 200) << path;
    EXPECT_NE(res.header("content-type").find(type), std::string::npos) << path << " " << res.header("content-type");
    EXPECT_FALSE(res.body.empty()) << path;
    EXPECT_EQ(res.header("content-security-policy"),
              "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
              "base-uri 'none'; form-action 'self'; frame-ancestors 'none'") << path;
    EXPECT_EQ(res.header("x-frame-options"), "DENY") << path;
    EXPECT_EQ(res.header("cache-control"), "no-store") << path;
    EXPECT_EQ(res.header("x-content-type-options"), "nosniff") << path;
  }
  EXPECT_NE(http_get(admin_url("/admin/")).body.find("app.js"), std::string::npos);
  for (const std::string path : {"/admin/nothing.js", "/admin/x/app.js", "/admin/..%2Fapp.js", "/admin/%61pp.js"}) {
    auto res = http_get(admin_url(path));
    EXPECT_EQ(res.status, 404) << path;
    EXPECT_EQ(error_code(res), "not_found") << path;
  }
  auto post = http_post(admin_url("/admin/"), "x", "text/plain");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.header("allow"), "GET, HEAD");
}

TEST_F(AdminAccessTest, ARemoteClientOfTheMainListenerGetsThePlain404) {
  if (remote_.empty()) GTEST_SKIP() << "this machine has no non-loopback IPv4 address to connect from";
  start_on("0.0.0.0:0", R"(,"admin":{"token":")" + kAdminToken + "\"}");
  const std::string remote = remote_base(server_->port());
  // What a remote client learns about /admin is what it learns about any unknown path.
  const auto unknown = http_get(remote + "/no-such-route");
  ASSERT_EQ(unknown.status, 404) << unknown.error;
  EXPECT_EQ(unknown.body, kPlain404);
  for (const std::string& path : kAdminPaths) {
    for (const auto& headers : {std::vector<std::string>{}, bearer()}) {
      auto res = http_get(remote + path, headers);
      EXPECT_EQ(res.status, 404) << path;
      EXPECT_EQ(res.body, kPlain404) << path;
      EXPECT_EQ(res.header("set-cookie"), "");
    }
  }
  auto sign_in_remote = http_post(remote + "/admin/api/session", R"({"token":")" + kAdminToken + "\"}", "application/json");
  EXPECT_EQ(sign_in_remote.status, 404);
  EXPECT_EQ(sign_in_remote.body, kPlain404);
  EXPECT_TRUE(sign_in_remote.header("set-cookie").empty());
  // The same server answers a loopback client.
  EXPECT_EQ(http_get("http://127.0.0.1:" + std::to_string(server_->port()) + "/admin/api/tasks", bearer()).status, 200);
  EXPECT_EQ(http_get("http://127.0.0.1:" + std::to_string(server_->port()) + "/admin/api/tasks").status, 401);
}

TEST_F(AdminAccessTest, AllowRemoteServesRemoteClients) {
  if (remote_.empty()) GTEST_SKIP() << "this machine has no non-loopback IPv4 address to connect from";
  start_on("0.0.0.0:0", R"(,"admin":{"token":")" + kAdminToken + R"(","allow_remote":true})");
  const std::string remote = remote_base(server_->port());
  EXPECT_EQ(http_get(remote + "/admin/api/tasks").status, 401);
  EXPECT_EQ(http_get(remote + "/admin/api/tasks", bearer()).status, 200);
  auto session = http_post(remote + "/admin/api/session", R"({"token":")" + kAdminToken + "\"}", "application/json");
  EXPECT_EQ(session.status, 200) << session.body;
}

TEST_F(AdminAccessTest, ASeparateListenerServesOnlyTheConsole) {
  start_admin("", R"(,"listen":"127.0.0.1:0")");
  const uint16_t port = admin_port();
  ASSERT_NE(port, 0) << server_->output();
  ASSERT_NE(port, server_->port());
  const std::string admin_base = "http://127.0.0.1:" + std::to_string(port);
  // The main listener no longer serves /admin, even to loopback clients.
  for (const std::string& path : kAdminPaths) {
    auto res = http_get(server_->base_url() + path, bearer());
    EXPECT_EQ(res.status, 404) << path;
    EXPECT_EQ(res.body, kPlain404) << path;
  }
  EXPECT_EQ(http_get(server_->base_url() + "/healthz").status, 200);
  // The admin listener serves /admin and nothing else.
  EXPECT_EQ(http_get(admin_base + "/admin/api/tasks").status, 401);
  EXPECT_EQ(http_get(admin_base + "/admin/api/tasks", bearer()).status, 200);
  auto session = sign_in(admin_base);
  EXPECT_EQ(http_get(admin_base + "/admin/api/overview", cookie_headers(session, false)).status, 200);
  for (const std::string path : {"/healthz", "/metrics", "/outputs/x/0.jpg", "/", "/v2/index.php"}) {
    auto res = http_get(admin_base + path);
    EXPECT_EQ(res.status, 404) << path;
    EXPECT_EQ(res.body, kPlain404) << path;
  }
}

TEST_F(AdminAccessTest, ASeparateListenerServesRemoteClients) {
  if (remote_.empty()) GTEST_SKIP() << "this machine has no non-loopback IPv4 address to connect from";
  start_admin("", R"(,"listen":"0.0.0.0:0")");
  const uint16_t port = admin_port();
  ASSERT_NE(port, 0) << server_->output();
  EXPECT_EQ(http_get(remote_base(port) + "/admin/api/tasks", bearer()).status, 200);
}

}  // namespace
}  // namespace tg::testing
