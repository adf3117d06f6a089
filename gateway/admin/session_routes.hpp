#pragma once
// /admin/api/session: POST {"token":"…"} signs in (a session cookie and its CSRF token), GET tells whether the
// cookie is still valid (and its CSRF token), DELETE signs out (clears the cookie).

#include <cstdint>

#include "core/api_message.hpp"
#include "gateway/admin/admin_auth.hpp"
#include "gateway/admin/session_cookie.hpp"
#include "gateway/admin/signin_throttle.hpp"

namespace tg::gateway::admin {

/// POST: 200 {"csrf"} with Set-Cookie for the right token, 401 for a wrong one, 429 past the failed sign-ins
/// allowed to the client's address, 403 for a foreign Origin, 400 for a body that is not {"token": string}.
ApiResponse sign_in(const ApiRequest& request, const SessionCookie& sessions, SignInThrottle& throttle,
                    int64_t now_ms);

/// GET: 200 {"csrf"} for a cookie caller, 200 {"csrf":null} for a bearer caller, else 401.
ApiResponse session_state(const Caller& caller, const SessionCookie& sessions);

/// DELETE (the caller already passed the CSRF check): 200 {"ok":true} and a cleared cookie.
ApiResponse sign_out();

}  // namespace tg::gateway::admin
