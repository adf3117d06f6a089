#pragma once
// Sends each request to the front door it is addressed to, asking the served vendors in order; the
// gateway's own paths (/outputs/, /healthz) come after the vendors that own whole hosts and before the
// others. Unknown routes get a plain JSON 404.

#include <string>
#include <vector>

#include "adapters/front_door.hpp"
#include "core/api_message.hpp"

namespace tg::gateway {

class Router {
 public:
  /// `first` are asked before the gateway's own paths, `then` after them; each in order.
  Router(std::string outputs_dir, std::vector<adapters::FrontDoor*> first, std::vector<adapters::FrontDoor*> then);

  /// The HTTP server's handler.
  void handle(ApiRequest request, Respond respond);

 private:
  std::string outputs_dir_;
  std::vector<adapters::FrontDoor*> first_;
  std::vector<adapters::FrontDoor*> then_;
};

}  // namespace tg::gateway
