#include "support/range_file_server.hpp"

#include <cstdio>
#include <fstream>
#include <iterator>

#include "signing/percent_encoding.hpp"

namespace tg::testing {

RangeFileServer::RangeFileServer(std::string folder, RangeFileServerOptions options)
    : folder_(std::move(folder)), options_(std::move(options)) {
  server_ = std::make_unique<LoopbackServer>(
      options_.address, [this](int fd, const std::atomic<bool>& stopping) { serve(fd, stopping); });
}

std::string RangeFileServer::base_url() const { return server_->origin() + "/origin"; }

std::vector<std::string> RangeFileServer::paths() const {
  std::lock_guard lock(mu_);
  return paths_;
}

std::vector<std::string> RangeFileServer::ranges() const {
  std::lock_guard lock(mu_);
  return ranges_;
}

int RangeFileServer::requests() const {
  std::lock_guard lock(mu_);
  return static_cast<int>(paths_.size());
}

void RangeFileServer::serve(int client, const std::atomic<bool>& stopping) {
  std::string pending;
  std::string request;
  while (!stopping && read_request_head(client, pending, request)) {
    const std::string path = request_target(request);
    const std::string range = header_value(request, "Range");
    {
      std::lock_guard lock(mu_);
      paths_.push_back(path);
      ranges_.push_back(range);
    }
    std::string body;
    const std::string prefix = "/origin/";
    if (path.rfind(prefix, 0) == 0 && path.find("..") == std::string::npos) {
      auto relative = signing::percent_decode(path.substr(prefix.size()));
      std::ifstream in(folder_ + "/" + relative.value_or(""), std::ios::binary);
      if (relative && in) body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    const std::string connection = options_.keep_alive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
    std::string head;
    std::size_t from = 0;
    std::size_t to = body.empty() ? 0 : body.size() - 1;
    if (body.empty()) {
      head = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n" + connection + "\r\n";
    } else {
      bool ranged = false;
      unsigned long long a = 0;
      unsigned long long b = 0;
      int got = options_.honour_range ? std::sscanf(range.c_str(), "bytes=%llu-%llu", &a, &b) : 0;
      if (got >= 1 && a < body.size()) {
        ranged = true;
        from = a;
        if (got == 2 && b < body.size() && options_.honour_range_end) to = b;
      }
      head = ranged ? "HTTP/1.1 206 Partial Content\r\n" : "HTTP/1.1 200 OK\r\n";
      head += "Content-Type: video/mp4\r\n" + std::string(options_.honour_range ? "Accept-Ranges: bytes\r\n" : "") +
              connection + "Content-Length: " + std::to_string(to - from + 1) + "\r\n";
      if (ranged) {
        head += "Content-Range: bytes " + std::to_string(from) + "-" + std::to_string(to) + "/" +
                std::to_string(body.size()) + "\r\n";
      }
      head += "\r\n";
    }
    if (!send_all(client, head.data(), head.size())) return;
    if (!body.empty() && !send_all(client, body.data() + from, to - from + 1)) return;
    if (!options_.keep_alive) return;
  }
}

}  // namespace tg::testing
