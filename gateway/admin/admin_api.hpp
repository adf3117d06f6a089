#pragma once
// Everything under /admin: the console's files (no sign-in: the page has its own sign-in form) and the JSON
// API under /admin/api/ (a session cookie or the bearer token; CSRF and Origin checks on changes). API
// requests run one at a time on the admin thread (serial_executor.hpp), never on the server's I/O threads.
// Whether a client may reach /admin at all (loopback only, a listener of its own) is the router's decision.

#include <memory>
#include <string>
#include <string_view>

#include "core/api_message.hpp"
#include "gateway/admin/admin_services.hpp"
#include "gateway/admin/console_files.hpp"
#include "gateway/admin/serial_executor.hpp"
#include "gateway/admin/session_cookie.hpp"
#include "gateway/admin/signin_throttle.hpp"

namespace tg::gateway::admin {

class AdminApi {
 public:
  AdminApi(AdminServices services, ConsoleFiles console, SessionCookie sessions);
  ~AdminApi();
  AdminApi(const AdminApi&) = delete;
  AdminApi& operator=(const AdminApi&) = delete;

  /// True for "/admin" and every path under "/admin/" (`raw_path`: as sent, still percent-encoded).
  static bool owns(std::string_view raw_path);
  /// True for the JSON API's paths ("/admin/api" and under).
  static bool is_api(std::string_view raw_path);

  /// Answers a request owns() is true for; `respond` is called once (from the admin thread for the API).
  void handle(ApiRequest request, Respond respond);

  /// Answers the API requests already queued and stops the admin thread; later API requests get 503.
  void stop();

  /// The API's answer to `request`, on the calling thread (what the admin thread runs).
  ApiResponse answer_api(const ApiRequest& request);

 private:
  ApiResponse route(const ApiRequest& request, const std::vector<std::string>& segments);

  AdminServices services_;
  ConsoleFiles console_;
  SessionCookie sessions_;
  SignInThrottle throttle_;
  SerialExecutor executor_;  // last: its thread uses everything above
};

}  // namespace tg::gateway::admin
