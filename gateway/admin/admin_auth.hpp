#pragma once
// Who may call /admin/api/: a valid session cookie or `Authorization: Bearer <token>`. Changes (POST,
// DELETE) made with a cookie also need the session's CSRF token in X-CSRF-Token, and an Origin header, when
// sent, must be the request's own host.

#include <cstdint>
#include <optional>
#include <string>

#include "core/api_message.hpp"
#include "gateway/admin/session_cookie.hpp"

namespace tg::gateway::admin {

struct Caller {
  enum class Via { kNone, kCookie, kBearer };
  Via via = Via::kNone;
  std::string cookie;  // the valid session cookie's value when via == kCookie

  bool signed_in() const { return via != Via::kNone; }
};

/// Who `request` is signed in as at now_ms (kNone when neither a valid cookie nor the bearer token).
Caller identify(const ApiRequest& request, const SessionCookie& sessions, int64_t now_ms);

/// True when `request` has no Origin header, or one naming the scheme-less host of its Host header.
bool same_origin(const ApiRequest& request);

/// Why a change by `caller` is refused (an answer to send), or nullopt: a cookie caller needs the matching
/// X-CSRF-Token and a same-origin (or absent) Origin; a bearer caller needs neither.
std::optional<ApiResponse> refuse_change(const ApiRequest& request, const Caller& caller,
                                         const SessionCookie& sessions);

/// True for methods that change something (POST, PUT, PATCH, DELETE).
bool is_change(const ApiRequest& request);

}  // namespace tg::gateway::admin
