#pragma once
// Admin sessions without server state: the cookie carries its expiry and an HMAC-SHA256 of it keyed by the
// admin token, so every process sharing the token accepts it and a new token signs everyone out. The CSRF
// token a page sends back with each change is an HMAC of the cookie value.

#include <cstdint>
#include <string>
#include <string_view>

namespace tg::gateway::admin {

inline constexpr std::string_view kSessionCookieName = "tg_admin";

class SessionCookie {
 public:
  SessionCookie(std::string token, int64_t lifetime_ms);

  /// A cookie value valid until now_ms + the lifetime: "<expiry ms>.<base64url HMAC>".
  std::string issue(int64_t now_ms) const;
  /// True when `value` is one issue() made under this token and it has not expired at now_ms.
  bool valid(std::string_view value, int64_t now_ms) const;
  /// The CSRF token bound to a cookie value.
  std::string csrf_for(std::string_view value) const;
  /// True when `csrf` is csrf_for(value) (constant time).
  bool csrf_matches(std::string_view value, std::string_view csrf) const;
  /// True when `candidate` is the admin token itself (constant time).
  bool is_token(std::string_view candidate) const;

  /// The Set-Cookie header value for `value` (Path=/admin; HttpOnly; SameSite=Strict; Max-Age = lifetime).
  std::string set_cookie(std::string_view value) const;
  /// The Set-Cookie header value that clears the cookie.
  static std::string clear_cookie();

  int64_t lifetime_ms() const { return lifetime_ms_; }

 private:
  std::string mac(std::string_view purpose, std::string_view data) const;

  std::string token_;
  int64_t lifetime_ms_;
};

/// The value of the cookie `name` in a Cookie header ("a=1; tg_admin=…"); "" when absent.
std::string cookie_value(std::string_view header, std::string_view name);

}  // namespace tg::gateway::admin
