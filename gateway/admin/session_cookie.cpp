#include "gateway/admin/session_cookie.hpp"

#include <charconv>

#include "signing/constant_time.hpp"
#include "signing/digest.hpp"

namespace tg::gateway::admin {

namespace {

constexpr std::size_t kMaxCookieValue = 128;

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

SessionCookie::SessionCookie(std::string token, int64_t lifetime_ms)
    : token_(std::move(token)), lifetime_ms_(lifetime_ms) {}

std::string SessionCookie::mac(std::string_view purpose, std::string_view data) const {
  // The purpose keeps a session's MAC and a CSRF token from ever standing in for each other.
  std::string message(purpose);
  message += '\n';
  message += data;
  return signing::base64url_encode(signing::hmac_sha256(token_, message));
}

std::string SessionCookie::issue(int64_t now_ms) const {
  const std::string expiry = std::to_string(now_ms + lifetime_ms_);
  return expiry + "." + mac("tg_admin session", expiry);
}

bool SessionCookie::valid(std::string_view value, int64_t now_ms) const {
  if (value.empty() || value.size() > kMaxCookieValue) return false;
  const std::size_t dot = value.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot > 19) return false;
  const std::string_view expiry = value.substr(0, dot);
  int64_t expires_ms = 0;
  auto [end, ec] = std::from_chars(expiry.data(), expiry.data() + expiry.size(), expires_ms);
  if (ec != std::errc() || end != expiry.data() + expiry.size() || expiry.front() == '-' ||
      (expiry.size() > 1 && expiry.front() == '0')) {
    return false;
  }
  if (!signing::constant_time_equals(value.substr(dot + 1), mac("tg_admin session", expiry))) return false;
  return expires_ms > now_ms;
}

std::string SessionCookie::csrf_for(std::string_view value) const { return mac("tg_admin csrf", value); }

bool SessionCookie::csrf_matches(std::string_view value, std::string_view csrf) const {
  return signing::constant_time_equals(csrf, csrf_for(value));
}

bool SessionCookie::is_token(std::string_view candidate) const {
  // Compared as MACs: equal lengths whatever the candidate's, so its time says nothing about the token.
  return signing::constant_time_equals(mac("tg_admin token", candidate), mac("tg_admin token", token_));
}

std::string SessionCookie::set_cookie(std::string_view value) const {
  return std::string(kSessionCookieName) + "=" + std::string(value) +
         "; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(lifetime_ms_ / 1000);
}

std::string SessionCookie::clear_cookie() {
  return std::string(kSessionCookieName) + "=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0";
}

std::string cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const std::size_t semicolon = header.find(';');
    std::string_view pair = trim(header.substr(0, semicolon));
    header = semicolon == std::string_view::npos ? std::string_view() : header.substr(semicolon + 1);
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (trim(pair.substr(0, eq)) != name) continue;
    std::string_view value = trim(pair.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    return std::string(value);
  }
  return "";
}

}  // namespace tg::gateway::admin
