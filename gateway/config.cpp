#include "gateway/config.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace tg::gateway {
namespace {

constexpr std::streamsize kMaxConfigBytes = 16 * 1024 * 1024;

}  // namespace

void with_public_base_url(Config& config, const std::string& bound_url) {
  if (config.public_base_url.empty()) config.public_base_url = bound_url;
}

int64_t default_queue_share(int64_t max_queue) { return std::max<int64_t>(1, (max_queue + 3) / 4); }

tg::Result<Config, std::string> load_config(const std::string& path, const adapters::VendorList& vendors) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return tg::unexpected("cannot read the config file: " + std::string(std::strerror(errno)));
  std::string text;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (static_cast<std::streamsize>(text.size()) > kMaxConfigBytes) {
      return tg::unexpected(std::string("the config file is larger than 16 MiB"));
    }
  }
  if (in.bad()) return tg::unexpected("cannot read the config file: " + std::string(std::strerror(errno)));
  return parse_config(text, vendors);
}

}  // namespace tg::gateway
