#include <gtest/gtest.h>

#include <string>

#include "gateway/admin/admin_auth.hpp"
#include "gateway/admin/loopback.hpp"
#include "gateway/admin/session_cookie.hpp"
#include "gateway/admin/signin_throttle.hpp"
#include "signing/digest.hpp"

namespace tg::gateway::admin {
namespace {

constexpr int64_t kNow = 1'700'000'000'000;
constexpr int64_t kHour = 3'600'000;
const std::string kToken = "0123456789abcdef0123456789abcdef";

ApiRequest request_with(std::vector<std::pair<std::string, std::string>> headers, std::string method = "GET") {
  ApiRequest request;
  request.method = std::move(method);
  request.headers = std::move(headers);
  return request;
}

TEST(SessionCookieTest, IssuedCookiesAreValidUntilTheyExpire) {
  SessionCookie sessions(kToken, 12 * kHour);
  const std::string cookie = sessions.issue(kNow);
  EXPECT_EQ(cookie.substr(0, cookie.find('.')), std::to_string(kNow + 12 * kHour));
  EXPECT_TRUE(sessions.valid(cookie, kNow));
  EXPECT_TRUE(sessions.valid(cookie, kNow + 12 * kHour - 1));
  EXPECT_FALSE(sessions.valid(cookie, kNow + 12 * kHour));
}

TEST(SessionCookieTest, ForgedCookiesAreRefused) {
  SessionCookie sessions(kToken, kHour);
  const std::string cookie = sessions.issue(kNow);
  const std::string mac = cookie.substr(cookie.find('.') + 1);
  // A later expiry with the old MAC, a flipped MAC character, no MAC, another token's cookie.
  EXPECT_FALSE(sessions.valid(std::to_string(kNow + 100 * kHour) + "." + mac, kNow));
  std::string flipped = cookie;
  flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(sessions.valid(flipped, kNow));
  EXPECT_FALSE(sessions.valid(cookie.substr(0, cookie.find('.') + 1), kNow));
  EXPECT_FALSE(sessions.valid(std::to_string(kNow + kHour), kNow));
  EXPECT_FALSE(sessions.valid("", kNow));
  EXPECT_FALSE(sessions.valid("." + mac, kNow));
  EXPECT_FALSE(sessions.valid("-1." + mac, kNow));
  EXPECT_FALSE(sessions.valid("0" + cookie, kNow));
  EXPECT_FALSE(sessions.valid(std::string(1000, 'a'), kNow));
  SessionCookie other("another-token-0123456789", kHour);
  EXPECT_FALSE(sessions.valid(other.issue(kNow), kNow));
  EXPECT_FALSE(other.valid(cookie, kNow));
}

TEST(SessionCookieTest, CsrfTokensAreBoundToTheCookie) {
  SessionCookie sessions(kToken, kHour);
  const std::string a = sessions.issue(kNow);
  const std::string b = sessions.issue(kNow + 1);
  EXPECT_TRUE(sessions.csrf_matches(a, sessions.csrf_for(a)));
  EXPECT_FALSE(sessions.csrf_matches(a, sessions.csrf_for(b)));
  EXPECT_FALSE(sessions.csrf_matches(a, ""));
  // Neither the cookie's own MAC nor the token stands in for the CSRF token.
  EXPECT_FALSE(sessions.csrf_matches(a, a.substr(a.find('.') + 1)));
  EXPECT_FALSE(sessions.csrf_matches(a, kToken));
  EXPECT_EQ(sessions.csrf_for(a), signing::base64url_encode(signing::hmac_sha256(kToken, "tg_admin csrf\n" + a)));
}

TEST(SessionCookieTest, SetCookieCarriesTheContractsAttributes) {
  SessionCookie sessions(kToken, 12 * kHour);
  EXPECT_EQ(sessions.set_cookie("v"), "tg_admin=v; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=43200");
  EXPECT_EQ(SessionCookie::clear_cookie(), "tg_admin=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0");
}

TEST(SessionCookieTest, CookieValuesAreFoundByExactName) {
  EXPECT_EQ(cookie_value("a=1; tg_admin=xyz; b=2", "tg_admin"), "xyz");
  EXPECT_EQ(cookie_value("tg_admin=\"q\"", "tg_admin"), "q");
  EXPECT_EQ(cookie_value("x_tg_admin=1; tg_admin_old=2", "tg_admin"), "");
  EXPECT_EQ(cookie_value("", "tg_admin"), "");
  EXPECT_EQ(cookie_value("tg_admin", "tg_admin"), "");
}

TEST(AdminAuthTest, BearerTokenOrValidCookie) {
  SessionCookie sessions(kToken, kHour);
  EXPECT_EQ(identify(request_with({{"authorization", "Bearer " + kToken}}), sessions, kNow).via, Caller::Via::kBearer);
  EXPECT_EQ(identify(request_with({{"authorization", "bearer " + kToken}}), sessions, kNow).via, Caller::Via::kBearer);
  EXPECT_FALSE(identify(request_with({{"authorization", "Bearer " + kToken + "x"}}), sessions, kNow).signed_in());
  EXPECT_FALSE(identify(request_with({{"authorization", "Basic " + kToken}}), sessions, kNow).signed_in());
  EXPECT_FALSE(identify(request_with({{"authorization", kToken}}), sessions, kNow).signed_in());
  const std::string cookie = sessions.issue(kNow);
  const Caller caller = identify(request_with({{"cookie", "x=1"}, {"cookie", "tg_admin=" + cookie}}), sessions, kNow);
  EXPECT_EQ(caller.via, Caller::Via::kCookie);
  EXPECT_EQ(caller.cookie, cookie);
  EXPECT_FALSE(identify(request_with({{"cookie", "tg_admin=" + cookie}}), sessions, kNow + kHour).signed_in());
  EXPECT_FALSE(identify(request_with({}), sessions, kNow).signed_in());
}

TEST(AdminAuthTest, CookieChangesNeedCsrfAndTheirOwnOrigin) {
  SessionCookie sessions(kToken, kHour);
  const std::string cookie = sessions.issue(kNow);
  const std::string csrf = sessions.csrf_for(cookie);
  const Caller caller{Caller::Via::kCookie, cookie};
  auto refused = [&](std::vector<std::pair<std::string, std::string>> headers) {
    headers.emplace_back("host", "127.0.0.1:8080");
    auto answer = refuse_change(request_with(std::move(headers), "POST"), caller, sessions);
    return answer ? answer->status : 0;
  };
  EXPECT_EQ(refused({}), 403);
  EXPECT_EQ(refused({{"x-csrf-token", "wrong"}}), 403);
  EXPECT_EQ(refused({{"x-csrf-token", csrf}}), 0);
  EXPECT_EQ(refused({{"x-csrf-token", csrf}, {"origin", "http://127.0.0.1:8080"}}), 0);
  EXPECT_EQ(refused({{"x-csrf-token", csrf}, {"origin", "https://127.0.0.1:8080"}}), 0);
  EXPECT_EQ(refused({{"x-csrf-token", csrf}, {"origin", "http://evil.example"}}), 403);
  EXPECT_EQ(refused({{"x-csrf-token", csrf}, {"origin", "http://127.0.0.1:8081"}}), 403);
  EXPECT_EQ(refused({{"x-csrf-token", csrf}, {"origin", "null"}}), 403);
  EXPECT_EQ(refused({{"x-csrf-token", csrf}, {"origin", "http://127.0.0.1:8080"}, {"origin", "http://evil"}}), 403);
  // A bearer caller is no browser session: no CSRF token needed.
  EXPECT_FALSE(refuse_change(request_with({}, "POST"), Caller{Caller::Via::kBearer, ""}, sessions));
}

TEST(SignInThrottleTest, TenFailuresPerAddressPerMinute) {
  SignInThrottle throttle(10, 60000);
  for (int i = 0; i < 10; ++i) {
    EXPECT_FALSE(throttle.blocked("192.0.2.7", kNow + i));
    throttle.failed("192.0.2.7", kNow + i);
  }
  EXPECT_TRUE(throttle.blocked("192.0.2.7", kNow + 10));
  EXPECT_FALSE(throttle.blocked("192.0.2.8", kNow + 10));
  // The first failure leaves the window a minute later; then one more try is allowed.
  EXPECT_TRUE(throttle.blocked("192.0.2.7", kNow + 59999));
  EXPECT_FALSE(throttle.blocked("192.0.2.7", kNow + 60000));
  throttle.failed("192.0.2.7", kNow + 60000);
  EXPECT_TRUE(throttle.blocked("192.0.2.7", kNow + 60000));
  EXPECT_FALSE(throttle.blocked("192.0.2.7", kNow + 200000));
}

TEST(SignInThrottleTest, MemoryIsBoundedUnderAFloodOfAddresses) {
  SignInThrottle throttle(10, 60000);
  for (std::size_t i = 0; i < SignInThrottle::kMaxAddresses + 500; ++i) {
    throttle.failed("10.0." + std::to_string(i), kNow + static_cast<int64_t>(i));
  }
  EXPECT_LE(throttle.tracked(), SignInThrottle::kMaxAddresses);
  for (int i = 0; i < 10; ++i) throttle.failed("192.0.2.9", kNow + 20000);
  EXPECT_TRUE(throttle.blocked("192.0.2.9", kNow + 20000));
}

TEST(LoopbackTest, OnlyThisMachinesAddresses) {
  EXPECT_TRUE(is_loopback_address("127.0.0.1"));
  EXPECT_TRUE(is_loopback_address("127.255.0.9"));
  EXPECT_TRUE(is_loopback_address("::1"));
  EXPECT_TRUE(is_loopback_address("::ffff:127.0.0.1"));
  EXPECT_FALSE(is_loopback_address("128.0.0.1"));
  EXPECT_FALSE(is_loopback_address("192.0.2.2"));
  EXPECT_FALSE(is_loopback_address("::ffff:192.0.2.2"));
  EXPECT_FALSE(is_loopback_address("::2"));
  EXPECT_FALSE(is_loopback_address("fd00::2"));
  EXPECT_FALSE(is_loopback_address("localhost"));
  EXPECT_FALSE(is_loopback_address(""));
  EXPECT_FALSE(is_loopback_address("127.0.0.1 "));
}

}  // namespace
}  // namespace tg::gateway::admin
