#pragma once
// Sends each request to the front door it is addressed to, asking the served vendors in order; the
// gateway's own paths (/outputs/, /healthz, /readyz, /metrics, /admin) come after the vendors that own whole
// hosts and before the others. Unknown routes get a plain JSON 404, and so does /admin for a client it is not
// served to (the console's existence is not revealed). Every answer is counted
// (gateway/gateway_metrics.hpp) and logged as one line, labelled by the vendor's registered name.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/front_door.hpp"
#include "core/api_message.hpp"
#include "gateway/admin/admin_api.hpp"

namespace tg::gateway {

/// A front door with the name its vendor is registered under.
struct NamedDoor {
  std::string vendor;
  adapters::FrontDoor* door = nullptr;
};

/// Why the gateway is not ready: the names of the failed checks with their reasons; empty = ready.
using ReadinessCheck = std::function<std::vector<std::pair<std::string, std::string>>()>;

/// Counts and logs a request the HTTP server refused before routing (unreadable: 400, too big: 413), as
/// the gateway's own, on the route "malformed".
void record_refused_request(int status, std::size_t bytes);

/// How a listener serves /admin.
struct AdminMount {
  admin::AdminApi* api = nullptr;  // nullptr: /admin answers the plain 404
  bool remote = false;             // false: loopback clients only; others get the plain 404
};

class Router {
 public:
  /// `first` are asked before the gateway's own paths, `then` after them; each in order. `ready`
  /// answers /readyz (absent: always ready).
  Router(std::string outputs_dir, std::vector<NamedDoor> first, std::vector<NamedDoor> then,
         ReadinessCheck ready = {}, AdminMount admin = {});

  /// A router for the admin console's own listener: /admin for every client, the plain 404 for the rest.
  static std::unique_ptr<Router> admin_only(admin::AdminApi& api);

  /// The HTTP server's handler.
  void handle(ApiRequest request, Respond respond);

 private:
  // Routes `request`; `vendor` and `route` are set to the labels of whoever answers.
  void dispatch(ApiRequest request, Respond respond, std::string& vendor, std::string_view& route);
  ApiResponse readiness() const;

  std::string outputs_dir_;
  std::vector<NamedDoor> first_;
  std::vector<NamedDoor> then_;
  ReadinessCheck ready_;
  AdminMount admin_;
  bool admin_only_ = false;
};

}  // namespace tg::gateway
