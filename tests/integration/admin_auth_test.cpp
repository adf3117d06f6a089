// The admin API's sign-in, sessions, CSRF and Origin checks, over HTTP against the real server.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <regex>

#include "admin_fixture.hpp"
#include "signing/digest.hpp"

namespace tg::testing {
namespace {

constexpr const char* kUnauthorized = R"({"error":{"code":"unauthorized","message":"sign in"}})";

class AdminAuthTest : public AdminFixture {};

// Every route (and routes that do not exist) says only "sign in" to a caller without a session.
TEST_F(AdminAuthTest, EveryApiRouteNeedsASignIn) {
  start_admin();
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"GET", "/admin/api/tasks"},
      {"GET", "/admin/api/tasks/count"},
      {"GET", "/admin/api/tasks/t1"},
      {"GET", "/admin/api/tasks/t1/outputs/0.jpg"},
      {"POST", "/admin/api/tasks/t1/retry"},
      {"POST", "/admin/api/tasks/t1/cancel"},
      {"POST", "/admin/api/tasks/bulk"},
      {"POST", "/admin/api/callbacks/1/redeliver"},
      {"GET", "/admin/api/overview"},
      {"GET", "/admin/api/no-such-route"},
      {"GET", "/admin/api"},
      {"DELETE", "/admin/api/session"},
      {"GET", "/admin/api/session"},
  };
  const std::vector<std::vector<std::string>> bad_credentials = {
      {},
      {"Authorization: Bearer wrong-token-0123456789"},
      {"Authorization: Bearer " + kAdminToken + "x"},
      {"Authorization: Basic " + kAdminToken},
      {"Cookie: tg_admin=" + kAdminToken},
      {"Cookie: tg_admin=99999999999999.AAAA"},
      {"X-CSRF-Token: anything"},
  };
  for (const auto& [method, path] : routes) {
    for (const auto& headers : bad_credentials) {
      auto res = http_request(method, admin_url(path), method == "POST" ? "{}" : "", headers);
      EXPECT_EQ(res.status, 401) << method << " " << path;
      EXPECT_EQ(res.body, kUnauthorized) << method << " " << path;
      EXPECT_EQ(res.header("cache-control"), "no-store");
      EXPECT_EQ(res.header("x-content-type-options"), "nosniff");
    }
  }
}

TEST_F(AdminAuthTest, SignInGivesACookieAndItsCsrfToken) {
  start_admin("", R"(,"session_hours":2)");
  auto res = http_post(admin_url("/admin/api/session"), R"({"token":")" + kAdminToken + "\"}", "application/json");
  ASSERT_EQ(res.status, 200) << res.body;
  const std::string set_cookie = res.header("set-cookie");
  EXPECT_TRUE(std::regex_match(set_cookie, std::regex(
      R"(tg_admin=[0-9]+\.[A-Za-z0-9_-]{43}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=7200)"))) << set_cookie;
  const std::string cookie = cookie_of(res);
  const std::string csrf = string_member(res.body, "csrf");
  EXPECT_EQ(csrf.size(), 43u) << res.body;
  EXPECT_EQ(res.header("cache-control"), "no-store");

  auto state = http_get(admin_url("/admin/api/session"), {"Cookie: tg_admin=" + cookie});
  EXPECT_EQ(state.status, 200);
  EXPECT_EQ(string_member(state.body, "csrf"), csrf);
  auto list = http_get(admin_url("/admin/api/tasks"), {"Cookie: other=1; tg_admin=" + cookie});
  EXPECT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.body, R"({"tasks":[],"next_cursor":null})");
  // The bearer token works without any session.
  EXPECT_EQ(admin_get("/admin/api/tasks").status, 200);
}

TEST_F(AdminAuthTest, WrongTokensAre401ThenThrottledPerAddress) {
  start_admin();
  for (const std::string& body : {std::string(R"({"token":""})"), std::string(R"({"token":"admin-token-0123456789-abcdefgX"})")}) {
    auto res = http_post(admin_url("/admin/api/session"), body, "application/json");
    EXPECT_EQ(res.status, 401) << res.body;
    EXPECT_EQ(error_code(res), "unauthorized");
    EXPECT_TRUE(res.header("set-cookie").empty());
  }
  for (const std::string& body : {std::string("not json"), std::string(R"({"token":5})"), std::string("{}")}) {
    auto res = http_post(admin_url("/admin/api/session"), body, "application/json");
    EXPECT_EQ(res.status, 400) << body;
    EXPECT_NE(res.body.find("token"), std::string::npos) << res.body;
  }
  for (int i = 2; i < 10; ++i) {
    EXPECT_EQ(http_post(admin_url("/admin/api/session"), R"({"token":"guess-)" + std::to_string(i) + "-0123456789\"}",
                        "application/json").status, 401);
  }
  // Ten failures in the minute: from now on even the right token is refused, so guessing learns nothing.
  auto refused = http_post(admin_url("/admin/api/session"), R"({"token":")" + kAdminToken + "\"}", "application/json");
  EXPECT_EQ(refused.status, 429) << refused.body;
  EXPECT_EQ(error_code(refused), "too_many");
  EXPECT_TRUE(refused.header("set-cookie").empty());
  EXPECT_EQ(http_post(admin_url("/admin/api/session"), R"({"token":"guess-99-0123456789"})", "application/json").status,
            429);
  // Calls with the bearer token are not sign-ins and are not throttled.
  EXPECT_EQ(admin_get("/admin/api/tasks").status, 200);
}

TEST_F(AdminAuthTest, ForgedExpiredAndOtherTokensCookiesAreRefused) {
  start_admin();
  const AdminSession session = sign_in();
  const std::string expiry = session.cookie.substr(0, session.cookie.find('.'));
  const std::string mac = session.cookie.substr(session.cookie.find('.') + 1);
  auto mac_for = [](const std::string& key, const std::string& expires) {
    return signing::base64url_encode(signing::hmac_sha256(key, "tg_admin session\n" + expires));
  };
  // The same MAC with a later expiry; a correctly made cookie that expired; one made with another token.
  const std::vector<std::string> forged = {
      std::to_string(std::stoll(expiry) + 1000) + "." + mac,
      "1000." + mac_for(kAdminToken, "1000"),
      expiry + "." + mac_for("another-token-0123456789", expiry),
      expiry + "." + mac.substr(0, mac.size() - 1) + (mac.back() == 'A' ? "B" : "A"),
      expiry,
      "." + mac,
  };
  for (const std::string& cookie : forged) {
    auto res = http_get(admin_url("/admin/api/tasks"), {"Cookie: tg_admin=" + cookie});
    EXPECT_EQ(res.status, 401) << cookie;
    EXPECT_EQ(http_get(admin_url("/admin/api/session"), {"Cookie: tg_admin=" + cookie}).status, 401) << cookie;
  }
  // A cookie this server made, with its expiry in the future, is accepted: the forgeries failed on their MAC.
  const std::string made = "99999999999999." + mac_for(kAdminToken, "99999999999999");
  EXPECT_EQ(http_get(admin_url("/admin/api/tasks"), {"Cookie: tg_admin=" + made}).status, 200);

  // A new token signs everyone out.
  EXPECT_EQ(http_get(admin_url("/admin/api/tasks"), cookie_headers(session, false)).status, 200);
  server_->terminate();
  std::string config;
  {
    std::ifstream in(dir_ + "/config.json");
    config.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  config = std::regex_replace(config, std::regex(kAdminToken), "a-new-admin-token-0123456789");
  std::ofstream(dir_ + "/config.json") << config;
  restart();
  EXPECT_EQ(http_get(admin_url("/admin/api/tasks"), cookie_headers(session, false)).status, 401);
  EXPECT_EQ(http_get(admin_url("/admin/api/tasks"), {"Authorization: Bearer a-new-admin-token-0123456789"}).status, 200);
}

TEST_F(AdminAuthTest, ChangesWithACookieNeedTheCsrfTokenAndTheirOwnOrigin) {
  start_admin(kQuietServer);
  const AdminSession session = sign_in();
  const std::string host = "Host: 127.0.0.1:" + std::to_string(server_->port());
  auto cancel = [&](std::vector<std::string> headers) {
    return http_post(admin_url("/admin/api/tasks/t-csrf/cancel"), "", "application/json", headers);
  };
  plant("t-csrf", spec(), 1'700'000'000'000);
  // No CSRF header, a wrong one, another session's, the cookie value itself.
  const AdminSession other = sign_in();
  for (const std::string& csrf : {std::string(), std::string("X-CSRF-Token: wrong"), "X-CSRF-Token: " + other.csrf,
                                  "X-CSRF-Token: " + session.cookie}) {
    std::vector<std::string> headers = cookie_headers(session, false);
    if (!csrf.empty()) headers.push_back(csrf);
    auto res = cancel(headers);
    EXPECT_EQ(res.status, 403) << csrf << " " << res.body;
    EXPECT_EQ(error_code(res), "forbidden");
  }
  // The right token from another site's page.
  for (const std::string& origin : std::vector<std::string>{"Origin: http://evil.example", "Origin: null",
                                    "Origin: http://127.0.0.1:" + std::to_string(server_->port() + 1),
                                    "Origin: http://127.0.0.1:" + std::to_string(server_->port()) + ".evil.example"}) {
    std::vector<std::string> headers = cookie_headers(session, true);
    headers.push_back(origin);
    EXPECT_EQ(cancel(headers).status, 403) << origin;
  }
  // Nothing was canceled by the refused calls.
  EXPECT_EQ((**store().get("t-csrf")).status, tasks::TaskStatus::kQueued);
  std::vector<std::string> same_origin = cookie_headers(session, true);
  same_origin.push_back("Origin: http://127.0.0.1:" + std::to_string(server_->port()));
  auto done = cancel(same_origin);
  EXPECT_EQ(done.status, 200) << done.body;
  EXPECT_EQ((**store().get("t-csrf")).status, tasks::TaskStatus::kCanceled);
  // A bearer caller needs no CSRF header.
  auto retried = admin_post("/admin/api/tasks/t-csrf/retry");
  EXPECT_EQ(retried.status, 200) << retried.body;
  // Reads need no CSRF header either.
  EXPECT_EQ(http_get(admin_url("/admin/api/tasks/t-csrf"), cookie_headers(session, false)).status, 200);
  // A sign-in from another site's page is refused too.
  auto foreign = http_post(admin_url("/admin/api/session"), R"({"token":")" + kAdminToken + "\"}", "application/json",
                           {"Origin: http://evil.example"});
  EXPECT_EQ(foreign.status, 403);
  EXPECT_TRUE(foreign.header("set-cookie").empty());
}

TEST_F(AdminAuthTest, SignOutNeedsCsrfAndClearsTheCookie) {
  start_admin();
  const AdminSession session = sign_in();
  auto refused = http_request("DELETE", admin_url("/admin/api/session"), "", cookie_headers(session, false));
  EXPECT_EQ(refused.status, 403);
  auto out = http_request("DELETE", admin_url("/admin/api/session"), "", cookie_headers(session, true));
  EXPECT_EQ(out.status, 200) << out.body;
  EXPECT_EQ(out.header("set-cookie"), "tg_admin=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0");
  EXPECT_EQ(http_get(admin_url("/admin/api/session")).status, 401);
}

TEST_F(AdminAuthTest, AGeneratedTokenIsKeptOwnerOnlyAndPrintedAtStart) {
  start();  // no admin section: the token is generated
  std::smatch found;
  const std::string output = server_->output();
  ASSERT_TRUE(std::regex_search(output, found, std::regex(
      "admin console: http://127\\.0\\.0\\.1:" + std::to_string(server_->port()) + "/admin/  token: ([A-Za-z0-9_-]{43})\n")))
      << output;
  const std::string token = found[1];
  std::ifstream in(dir_ + "/data/admin-token");
  std::string stored;
  std::getline(in, stored);
  EXPECT_EQ(stored, token);
  struct stat info {};
  ASSERT_EQ(::stat((dir_ + "/data/admin-token").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(http_get(admin_url("/admin/api/tasks"), {"Authorization: Bearer " + token}).status, 200);
  // The same token after a restart.
  server_->terminate();
  restart();
  EXPECT_NE(server_->output().find("token: " + token + "\n"), std::string::npos) << server_->output();
  EXPECT_EQ(http_get(admin_url("/admin/api/tasks"), {"Authorization: Bearer " + token}).status, 200);
}

TEST_F(AdminAuthTest, AConfiguredTokenIsNeverPrinted) {
  start_admin();
  const std::string output = server_->output();
  EXPECT_NE(output.find("admin console: http://127.0.0.1:" + std::to_string(server_->port()) + "/admin/\n"),
            std::string::npos) << output;
  EXPECT_EQ(output.find(kAdminToken), std::string::npos) << output;
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/data/admin-token"));
}

}  // namespace
}  // namespace tg::testing
