#pragma once
// Sends each request to the front door it is addressed to; unknown routes get a plain JSON 404.

#include <string>

#include "gateway/cos_endpoint.hpp"
#include "gateway/http_server.hpp"
#include "gateway/tencent_vod_endpoint.hpp"
#include "gateway/zego_endpoint.hpp"

namespace tg::gateway {

class Router {
 public:
  Router(std::string outputs_dir, ZegoEndpoint& zego);

  /// Routes COS requests (bucket hosts, ci-process) to `cos` from now on; set before serving.
  void set_cos(CosEndpoint* cos) { cos_ = cos; }

  /// Routes /v2/index.php to `vod` from now on; set before serving.
  void set_tencent_vod(TencentVodEndpoint* vod) { vod_ = vod; }

  /// The HTTP server's handler.
  void handle(ApiRequest request, Respond respond);

 private:
  std::string outputs_dir_;
  ZegoEndpoint& zego_;
  TencentVodEndpoint* vod_ = nullptr;
  CosEndpoint* cos_ = nullptr;
};

}  // namespace tg::gateway
